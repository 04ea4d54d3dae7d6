package io.github.chunkedbuffer.examples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One message of the demo's wire protocol, a small mix of the framings real protocols use.
 *
 * <ul>
 *   <li>{@link Kind#LINE}: {@code '+'}, printable ASCII text, {@code "\r\n"} (like a RESP simple
 *       string, an SMTP reply or an HTTP header line);
 *   <li>{@link Kind#BULK}: {@code '$'}, the payload length in decimal, {@code "\r\n"}, the payload,
 *       {@code "\r\n"} (a RESP bulk string);
 *   <li>{@link Kind#FRAME}: {@code '#'}, the payload length as a 4-byte big-endian integer, the
 *       payload (a length-prefixed binary frame).
 * </ul>
 *
 * <p>The payload array is owned by the message and never modified.
 */
final class Message {

  /** The framing of a message, named by its first byte on the wire. */
  enum Kind {
    LINE('+'),
    BULK('$'),
    FRAME('#');

    /** The byte that starts a message of this kind. */
    final byte marker;

    Kind(char marker) {
      this.marker = (byte) marker;
    }

    /** Returns the kind whose marker is {@code b}, or {@code null}. */
    static Kind of(byte b) {
      for (Kind k : values()) {
        if (k.marker == b) {
          return k;
        }
      }
      return null;
    }
  }

  /** The line terminator of {@link Kind#LINE} and {@link Kind#BULK} messages. */
  static final byte[] CRLF = {'\r', '\n'};

  private final Kind kind;
  private final byte[] payload;

  Message(Kind kind, byte[] payload) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.payload = Objects.requireNonNull(payload, "payload");
  }

  Kind kind() {
    return kind;
  }

  /** Returns the payload itself, not a copy; callers must not modify it. */
  byte[] payload() {
    return payload;
  }

  /** Returns how many bytes {@link #encodeTo(ByteBuffer)} writes. */
  int encodedLength() {
    return switch (kind) {
      case LINE -> 1 + payload.length + 2;
      case BULK -> 1 + Integer.toString(payload.length).length() + 2 + payload.length + 2;
      case FRAME -> 1 + 4 + payload.length;
    };
  }

  /**
   * Writes the message in its wire form at {@code dst}'s position.
   *
   * @throws java.nio.BufferOverflowException when {@code dst} has less than {@link
   *     #encodedLength()} bytes of room
   */
  void encodeTo(ByteBuffer dst) {
    dst.put(kind.marker);
    switch (kind) {
      case LINE -> dst.put(payload).put(CRLF);
      case BULK ->
          dst.put(Integer.toString(payload.length).getBytes(StandardCharsets.US_ASCII))
              .put(CRLF)
              .put(payload)
              .put(CRLF);
      case FRAME -> dst.putInt(payload.length).put(payload);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message other
        && other.kind == kind
        && Arrays.equals(other.payload, payload);
  }

  @Override
  public int hashCode() {
    return 31 * kind.hashCode() + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return kind + "[" + payload.length + " bytes]";
  }
}
