package io.github.chunkedbuffer.tests.model;

import java.util.Arrays;

/**
 * What a pipe should hold: the unread bytes as a plain array with a read index, plus the EOF state.
 * Every expectation the model test has is computed from this and nothing else.
 */
final class ReferenceModel {

  /** Bytes; the unread ones are {@code [start, end)}. */
  private byte[] bytes = new byte[64];

  private int start;
  private int end;

  /** Whether {@code eof()} or {@code eof(cause)} was called. */
  boolean eof;

  /** The first {@code eof(cause)}'s cause, or null after a clean EOF or before any. */
  Throwable cause;

  /** Whether {@code close()} was called on the pipe. */
  boolean closed;

  int length() {
    return end - start;
  }

  byte at(long index) {
    return bytes[start + (int) index];
  }

  /** A copy of the first {@code n} unread bytes. */
  byte[] front(int n) {
    return Arrays.copyOfRange(bytes, start, start + n);
  }

  /** A copy of the {@code n} unread bytes from index {@code from}. */
  byte[] range(int from, int n) {
    return Arrays.copyOfRange(bytes, start + from, start + from + n);
  }

  /** The unread bytes as characters with the same codes (ISO-8859-1), as parseLong sees them. */
  String latin1() {
    return new String(bytes, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  byte[] all() {
    return front(length());
  }

  void consume(int n) {
    start += n;
  }

  void append(byte[] src, int offset, int n) {
    if (end + n > bytes.length) {
      byte[] grown = new byte[Math.max(bytes.length * 2, end - start + n + 64)];
      System.arraycopy(bytes, start, grown, 0, end - start);
      end -= start;
      start = 0;
      bytes = grown;
    }
    System.arraycopy(src, offset, bytes, end, n);
    end += n;
  }

  /** The first index of {@code s} lying wholly inside {@code [from, to)} of the unread bytes, or -1. */
  long find(byte[] s, long from, long to) {
    long limit = Math.min(to, length());
    for (long i = from; i + s.length <= limit; i++) {
      boolean match = true;
      for (int j = 0; j < s.length && match; j++) {
        match = bytes[start + (int) i + j] == s[j];
      }
      if (match) {
        return i;
      }
    }
    return -1;
  }
}
