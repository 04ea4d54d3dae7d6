package io.github.chunkedbuffer.pipe.impl;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Shared fixture: pipes over a {@link CountingPool}. After each test every pipe is closed and the
 * pool must have every buffer back, with no double or foreign release. A test that keeps a {@link
 * ByteSequence} must close it before it ends.
 */
abstract class PipeTestSupport {

  final CountingPool pool = new CountingPool();

  private final List<Pipe> pipes = new ArrayList<>();

  /** A pipe whose chunks hold between {@code min} and {@code max} bytes. */
  Pipe pipe(int min, int max) {
    return track(Pipe.builder().pool(pool).minChunkSize(min).maxChunkSize(max).build());
  }

  /** A pipe whose chunks all hold {@code size} bytes, so data spreads over many chunks. */
  Pipe pipe(int size) {
    return pipe(size, size);
  }

  /** A pipe with tiny chunks of four bytes. */
  Pipe pipe() {
    return pipe(4);
  }

  /** A concurrent pipe whose chunks all hold {@code chunk} bytes, with the given thresholds. */
  Pipe concurrent(int chunk, long pause, long resume) {
    return track(
        Pipe.builder()
            .pool(pool)
            .minChunkSize(chunk)
            .maxChunkSize(chunk)
            .concurrent(pause, resume)
            .build());
  }

  Pipe track(Pipe pipe) {
    pipes.add(pipe);
    return pipe;
  }

  @AfterEach
  void everyChunkGoesBackExactlyOnce() {
    for (Pipe pipe : pipes) {
      pipe.close();
    }
    pool.assertAllReturned();
  }

  static byte[] bytes(String latin1) {
    return latin1.getBytes(ISO_8859_1);
  }

  static String str(byte[] bytes) {
    assertNotNull(bytes, "expected bytes, got null");
    return new String(bytes, ISO_8859_1);
  }

  static String str(ByteSequence sequence) {
    assertNotNull(sequence, "expected a sequence, got null");
    return str(sequence.toByteArray());
  }

  static void write(Pipe pipe, String latin1) {
    pipe.write(bytes(latin1));
  }

  /** Writes {@code latin1} through getBuffer/bufferWritten, one byte per lent buffer. */
  static void trickle(Pipe pipe, String latin1) {
    for (byte b : bytes(latin1)) {
      ByteBuffer buffer = pipe.getBuffer(1);
      buffer.put(b);
      pipe.bufferWritten(1);
    }
  }

  /** The characters of {@code latin1}, each as a string of its own, for writing one at a time. */
  static List<String> eachByte(String latin1) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < latin1.length(); i++) {
      out.add(String.valueOf(latin1.charAt(i)));
    }
    return out;
  }

  static void assertContent(String expected, byte[] actual) {
    assertEquals(expected, str(actual));
  }

  static void assertContent(String expected, ByteSequence actual) {
    assertEquals(expected, str(actual));
  }

  /** The unread bytes, looked at without consuming them. */
  static String unread(Pipe pipe) {
    StringBuilder sb = new StringBuilder();
    for (long i = 0; i < pipe.length(); i++) {
      sb.append((char) (pipe.byteAt(i) & 0xFF));
    }
    return sb.toString();
  }

  /** {@code n} bytes cycling through {@code 0..modulo-1}. */
  static byte[] pattern(int n, int modulo) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i % modulo);
    }
    return b;
  }
}
