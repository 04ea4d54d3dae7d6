package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipeChunkSizeTest extends PipeTestSupport {

  private static final int MIN = 16;
  private static final int MAX = 1024;

  @Test
  void firstChunkHasTheMinimumSize() {
    Pipe pipe = pipe(MIN, MAX);
    write(pipe, "x");
    assertEquals(List.of(MIN), pool.requested());
  }

  @Test
  void fullChunkWritesGrowTheRequestedSizeUpToTheMaximumAndNoFurther() throws IOException {
    Pipe pipe = pipe(MIN, MAX);
    byte[] data = pattern(200_000, 253);
    for (int at = 0; at < data.length; at += 1000) {
      pipe.write(data, at, 1000);
    }
    List<Integer> sizes = pool.requested();
    assertEquals(MIN, sizes.get(0), sizes.toString());
    assertEquals(MAX, sizes.get(sizes.size() - 1), sizes.toString());
    for (int i = 0; i < sizes.size(); i++) {
      assertTrue(sizes.get(i) >= MIN && sizes.get(i) <= MAX, "requested " + sizes);
      if (i > 0) {
        assertTrue(sizes.get(i) >= sizes.get(i - 1), "sizes shrank while chunks filled: " + sizes);
      }
    }
    assertTrue(sizes.size() < 200_000 / MAX + 20, "too many chunks: " + sizes.size());
    assertArrayEquals(data, pipe.read());
  }

  @Test
  void lentBuffersGrowWhileTheyAreFilledAndStayWithinTheMaximum() {
    Pipe pipe = pipe(MIN, MAX);
    int largest = 0;
    for (int i = 0; i < 200; i++) {
      ByteBuffer buffer = pipe.getBuffer();
      int n = buffer.remaining();
      assertTrue(n >= 1 && n <= MAX, "remaining " + n);
      largest = Math.max(largest, n);
      buffer.put(new byte[n]);
      pipe.bufferWritten(n);
    }
    assertEquals(MAX, largest);
    for (int size : pool.requested()) {
      assertTrue(size <= MAX, "requested " + pool.requested());
    }
  }

  @Test
  void onlyAHintAboveTheMaximumAsksForMore() {
    Pipe pipe = pipe(MIN, MAX);
    pipe.write(new byte[10_000]);
    pool.clearRequested();
    ByteBuffer big = pipe.getBuffer(5000);
    assertEquals(5000, big.remaining());
    pipe.bufferWritten(5000);
    pipe.write(new byte[10_000]);
    List<Integer> sizes = pool.requested();
    assertEquals(5000, sizes.get(0), sizes.toString());
    for (int size : sizes.subList(1, sizes.size())) {
      assertTrue(size <= MAX, "requested " + sizes);
    }
  }

  @Test
  void getBufferAfterAnOversizedChunkStillLendsAtMostTheMaximum() {
    Pipe pipe = pipe(4, 8);
    ByteBuffer big = pipe.getBuffer(100);
    big.put(new byte[10]);
    pipe.bufferWritten(10);
    ByteBuffer next = pipe.getBuffer();
    assertTrue(next.remaining() >= 1 && next.remaining() <= 8, next.toString());
    ByteBuffer hinted = pipe.getBuffer(3);
    assertTrue(hinted.remaining() >= 3 && hinted.remaining() <= 8, hinted.toString());
  }

  @Test
  void smallWritesThatTheReaderKeepsUpWithNeverGrowTheChunks() throws IOException {
    Pipe pipe = pipe(MIN, MAX);
    write(pipe, "#"); // a byte left unread throughout, so the pipe never drains
    for (int i = 0; i < 10_000; i++) {
      write(pipe, "ab");
      assertEquals(2, pipe.skip(2));
      assertEquals(1, pipe.length());
    }
    for (int size : pool.requested()) {
      assertEquals(MIN, size, "requested " + pool.requested());
    }
  }

  @Test
  void smallWritesBetweenDrainsShrinkTheRequestedSizeBackToTheMinimum() throws IOException {
    Pipe pipe = pipe(MIN, MAX);
    pipe.write(new byte[100_000]);
    assertEquals(100_000, pipe.skip());
    assertEquals(MAX, pool.requested().get(pool.requested().size() - 1));
    pool.clearRequested();
    for (int i = 0; i < 200; i++) {
      write(pipe, "x");
      assertContent("x", pipe.read());
    }
    // a later burst starts over from the small size
    write(pipe, "y");
    List<Integer> sizes = pool.requested();
    assertFalse(sizes.isEmpty(), "small traffic kept the big chunk");
    assertEquals(MIN, sizes.get(sizes.size() - 1), sizes.toString());
    // An idle pipe holds no chunk, so each small message takes one; only the first after the
    // burst is of the burst's size, and each drain of a mostly empty chunk halves the next.
    for (int i = 1; i < sizes.size(); i++) {
      assertTrue(sizes.get(i) < MAX && sizes.get(i) <= sizes.get(i - 1), "requested " + sizes);
    }
    assertContent("y", pipe.read());
    assertEquals(0, pool.outstanding(), "a drained pipe holds no chunk");
  }

  @Test
  void aChunkNeverHoldsMoreThanTheMaximumWhateverThePoolLends() throws IOException {
    CountingPool generous = new CountingPool(4096, false);
    try (Pipe pipe = Pipe.builder().pool(generous).minChunkSize(2).maxChunkSize(16).build()) {
      byte[] data = pattern(3000, 9);
      pipe.write(data, 0, 1000);
      for (int i = 1000; i < 2000; i++) {
        ByteBuffer b = pipe.getBuffer();
        assertTrue(b.remaining() <= 16, b.toString());
        b.put(data[i]);
        pipe.bufferWritten(1);
      }
      pipe.write(ByteBuffer.wrap(data, 2000, 1000));
      try (ByteSequence all = pipe.peekZeroCopy(-1)) {
        for (ByteBuffer segment : all) {
          assertTrue(segment.remaining() <= 16, segment.toString());
        }
        assertTrue(all.contentEquals(data));
      }
      assertArrayEquals(data, pipe.read());
    }
    generous.assertAllReturned();
  }

  @Test
  void readingEverythingGivesTheChunksBack() throws IOException {
    Pipe pipe = pipe(4);
    pipe.write(new byte[400]);
    assertTrue(pool.outstanding() >= 100);
    pipe.read(398);
    assertTrue(pool.outstanding() <= 2, "outstanding " + pool.outstanding());
    pipe.read();
    assertTrue(pool.outstanding() <= 1, "outstanding " + pool.outstanding());
  }
}
