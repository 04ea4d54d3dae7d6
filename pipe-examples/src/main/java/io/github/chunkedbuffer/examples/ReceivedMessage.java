package io.github.chunkedbuffer.examples;

import io.github.chunkedbuffer.pipe.ByteSequence;
import java.util.Arrays;

/**
 * A message as {@link MessageParser} took it out of a pipe: its payload either copied into an array
 * or, for a zero-copy read, still in the pipe's chunks as a {@link ByteSequence}. Exactly one of
 * the two is present. Closing it closes the sequence, giving the chunks back; it must be closed.
 */
final class ReceivedMessage implements AutoCloseable {

  private final Message.Kind kind;

  /** The copied payload, or {@code null} for a zero-copy read. */
  private final byte[] copy;

  /** The payload in the pipe's chunks, or {@code null} for a copying read. */
  private final ByteSequence view;

  private ReceivedMessage(Message.Kind kind, byte[] copy, ByteSequence view) {
    this.kind = kind;
    this.copy = copy;
    this.view = view;
  }

  static ReceivedMessage copied(Message.Kind kind, byte[] payload) {
    return new ReceivedMessage(kind, payload, null);
  }

  static ReceivedMessage zeroCopy(Message.Kind kind, ByteSequence payload) {
    return new ReceivedMessage(kind, null, payload);
  }

  Message.Kind kind() {
    return kind;
  }

  /** Returns whether the payload was read without copying. */
  boolean isZeroCopy() {
    return view != null;
  }

  /** Returns the payload's length in bytes. */
  long length() {
    return view != null ? view.length() : copy.length;
  }

  /** Returns the payload as an array: the copy itself, or a copy of the zero-copy view. */
  byte[] toByteArray() {
    return view != null ? view.toByteArray() : copy;
  }

  /** Returns the index of the first byte that differs from {@code expected}, or -1 if none does. */
  long firstDifference(byte[] expected) {
    if (view != null) {
      if (view.contentEquals(expected)) {
        return -1;
      }
      long n = Math.min(view.length(), expected.length);
      for (long i = 0; i < n; i++) {
        if (view.byteAt(i) != expected[(int) i]) {
          return i;
        }
      }
      return n;
    }
    return Arrays.mismatch(copy, expected);
  }

  @Override
  public void close() {
    if (view != null) {
      view.close();
    }
  }
}
