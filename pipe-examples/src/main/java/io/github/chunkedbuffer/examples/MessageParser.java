package io.github.chunkedbuffer.examples;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ByteView;
import io.github.chunkedbuffer.pipe.PartialReadException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * Takes {@link Message}s out of a {@link Pipe} as their bytes arrive, never blocking: {@link
 * #next()} returns {@code null} while a message is incomplete and resumes where it stopped once
 * more bytes were written.
 *
 * <p>It reads headers in place: a frame's length with {@link Pipe#intAt(long)}, a bulk length with
 * a bounded {@link Pipe#readUntil(byte[], boolean, long, ByteView)} into a borrowed view and {@link
 * ByteView#parseLong(long, long, int)}, neither copying nor allocating. It alternates the two faces
 * of every read so that both are exercised: even-numbered messages are copied ({@code readUntil},
 * {@code readExact}), odd-numbered ones are handed out zero-copy ({@code readUntilZeroCopy}, {@code
 * readExactZeroCopy}).
 *
 * <p>Used by one thread at a time, like the pipe.
 */
final class MessageParser {

  /** The largest payload length a header may announce; anything larger is taken as corruption. */
  static final int MAX_PAYLOAD = 64 << 20;

  /** Room for the longest BULK header: the digits of {@link #MAX_PAYLOAD} and CRLF. */
  private static final int MAX_HEADER = Integer.toString(MAX_PAYLOAD).length() + 2;

  private static final long MAX_LINE = MessageGenerator.maxLineLength() + 2L;

  private final Pipe pipe;

  /** Borrowed view for the digits of a bulk header; valid only inside {@link #bulk()}. */
  private final ByteView digits;

  /** The kind of the message whose marker was consumed, or {@code null} between messages. */
  private Message.Kind kind;

  /** The payload length of the message whose header was consumed, or -1 before that. */
  private int length = -1;

  /** Messages returned so far; its parity chooses between copying and zero-copy reads. */
  private long count;

  MessageParser(Pipe pipe) {
    this.pipe = pipe;
    this.digits = pipe.newView();
  }

  /**
   * Returns the next complete message, which the caller must close, or {@code null} when more bytes
   * are needed (or the pipe reached EOF between two messages: see {@link Pipe#reachedEof()}).
   *
   * @throws ProtocolException when the bytes are not a valid message
   * @throws PartialReadException when the stream ended inside a message
   * @throws IOException when the writer failed
   */
  ReceivedMessage next() throws IOException {
    if (kind == null) {
      if (pipe.length() == 0) {
        return null;
      }
      byte marker = pipe.byteAt(0);
      Message.Kind k = Message.Kind.of(marker);
      if (k == null) {
        throw new ProtocolException(
            "message " + count + ": unknown marker byte 0x" + Integer.toHexString(marker & 0xff));
      }
      pipe.skipExact(1);
      kind = k;
    }
    ReceivedMessage m =
        switch (kind) {
          case LINE -> line();
          case BULK -> bulk();
          case FRAME -> frame();
        };
    if (m != null) {
      kind = null;
      length = -1;
      count++;
    }
    return m;
  }

  private boolean zeroCopy() {
    return (count & 1) == 1;
  }

  private ReceivedMessage line() throws IOException {
    if (zeroCopy()) {
      ByteSequence text = pipe.readUntilZeroCopy(Message.CRLF, true, MAX_LINE);
      return text == null ? null : ReceivedMessage.zeroCopy(Message.Kind.LINE, text);
    }
    byte[] text = pipe.readUntil(Message.CRLF, true, MAX_LINE);
    return text == null ? null : ReceivedMessage.copied(Message.Kind.LINE, text);
  }

  private ReceivedMessage bulk() throws IOException {
    if (length < 0) {
      if (!pipe.readUntil(Message.CRLF, true, MAX_HEADER, digits)) {
        return null;
      }
      length = parseLength();
    }
    if (!buffered(length + 2)) {
      return null;
    }
    ReceivedMessage m = payload(Message.Kind.BULK, length);
    if (pipe.byteAt(0) != '\r' || pipe.byteAt(1) != '\n') {
      m.close();
      throw new ProtocolException("message " + count + ": bulk payload not followed by CRLF");
    }
    pipe.skipExact(2);
    return m;
  }

  private ReceivedMessage frame() throws IOException {
    if (length < 0) {
      if (!buffered(4)) {
        return null;
      }
      int n = pipe.intAt(0); // big-endian, read in place: checked before it is consumed
      if (n < 0 || n > MAX_PAYLOAD) {
        throw new ProtocolException(
            "message " + count + ": frame length " + n + " outside 0.." + MAX_PAYLOAD);
      }
      pipe.skipExact(4);
      length = n;
    }
    return buffered(length) ? payload(Message.Kind.FRAME, length) : null;
  }

  private ReceivedMessage payload(Message.Kind k, int n) throws IOException {
    return zeroCopy()
        ? ReceivedMessage.zeroCopy(k, pipe.readExactZeroCopy(n))
        : ReceivedMessage.copied(k, pipe.readExact(n));
  }

  /**
   * Returns whether {@code n} bytes are buffered. When they are not and EOF was signalled, no more
   * will come: it throws the {@link PartialReadException} that carries the bytes left.
   */
  private boolean buffered(int n) throws IOException {
    if (pipe.length() >= n) {
      return true;
    }
    if (pipe.isClosed()) {
      pipe.skipExact(n); // fails: fewer than n bytes are left before EOF
    }
    return false;
  }

  /** The bulk length in {@link #digits}: decimal digits only (no sign), at most MAX_PAYLOAD. */
  private int parseLength() throws ProtocolException {
    long n = -1;
    long end = digits.length();
    if (end > 0 && digits.byteAt(0) >= '0' && digits.byteAt(0) <= '9') {
      try {
        n = digits.parseLong(0, end, 10);
      } catch (NumberFormatException e) {
        n = -1; // a byte that is not a digit, or too many digits for a long
      }
    }
    if (n < 0 || n > MAX_PAYLOAD) {
      throw new ProtocolException(
          "message "
              + count
              + ": bad bulk length '"
              + digits.toString(StandardCharsets.US_ASCII)
              + "'");
    }
    return (int) n;
  }
}
