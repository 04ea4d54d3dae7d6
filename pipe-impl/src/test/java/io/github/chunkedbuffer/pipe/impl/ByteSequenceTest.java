package io.github.chunkedbuffer.pipe.impl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ByteSequenceTest extends PipeTestSupport {

  // ------------------------------------------------------------------ content

  @Test
  void lengthSegmentsAndBytesDescribeTheContent() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "0123456789");
    try (ByteSequence s = pipe.readZeroCopy(-1)) {
      assertEquals(10, s.length());
      assertEquals(3, s.segmentCount());
      StringBuilder joined = new StringBuilder();
      for (int i = 0; i < s.segmentCount(); i++) {
        ByteBuffer segment = s.segment(i);
        assertTrue(segment.isReadOnly());
        assertEquals(0, segment.position());
        byte[] b = new byte[segment.remaining()];
        segment.get(b);
        joined.append(str(b));
      }
      assertEquals("0123456789", joined.toString());
      for (int i = 0; i < 10; i++) {
        assertEquals('0' + i, s.byteAt(i));
      }
      assertContent("0123456789", s.toByteArray());
    }
  }

  @Test
  void segmentsStartMidChunkAfterPartialReads() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "0123456789");
    assertEquals(3, pipe.skip(3));
    try (ByteSequence s = pipe.peekZeroCopy(6)) {
      assertEquals(3, s.segmentCount()); // "3" "4567" "8"
      assertEquals(1, s.segment(0).remaining());
      assertEquals('3', s.segment(0).get(0));
      assertEquals(1, s.segment(2).remaining());
      assertContent("345678", s);
    }
  }

  @Test
  void segmentsAreReadOnlyAndIndependentViews() throws IOException {
    Pipe pipe = pipe(8);
    write(pipe, "abcdef");
    try (ByteSequence s = pipe.readZeroCopy(-1)) {
      ByteBuffer first = s.segment(0);
      assertThrows(ReadOnlyBufferException.class, () -> first.put(0, (byte) 'X'));
      first.position(3);
      assertEquals(0, s.segment(0).position());
      assertEquals(6, s.segment(0).remaining());
    }
  }

  @Test
  void segmentOutsideTheRangeIsIndexOutOfBounds() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcdef");
    try (ByteSequence s = pipe.readZeroCopy(-1)) {
      assertThrows(IndexOutOfBoundsException.class, () -> s.segment(-1));
      assertThrows(IndexOutOfBoundsException.class, () -> s.segment(2));
      assertThrows(IndexOutOfBoundsException.class, () -> s.segment(Integer.MAX_VALUE));
    }
  }

  @Test
  void byteAtOutsideTheRangeIsIndexOutOfBounds() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcdef");
    try (ByteSequence s = pipe.readZeroCopy(5)) {
      assertThrows(IndexOutOfBoundsException.class, () -> s.byteAt(-1));
      assertThrows(IndexOutOfBoundsException.class, () -> s.byteAt(5));
      assertThrows(IndexOutOfBoundsException.class, () -> s.byteAt(Long.MAX_VALUE));
      assertEquals('e', s.byteAt(4));
    }
  }

  @Test
  void emptySequenceHasNoSegments() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "abc");
    try (ByteSequence s = pipe.readZeroCopy(0)) {
      assertEquals(0, s.length());
      assertEquals(0, s.segmentCount());
      assertArrayEquals(new byte[0], s.toByteArray());
      assertFalse(s.iterator().hasNext());
      assertTrue(s.contentEquals(new byte[0]));
      assertEquals("", s.toString(UTF_8));
      assertThrows(IndexOutOfBoundsException.class, () -> s.segment(0));
      ByteBuffer dst = ByteBuffer.allocate(0);
      s.copyTo(dst);
    }
  }

  @Test
  void iteratorWalksTheSegmentsInOrder() throws IOException {
    Pipe pipe = pipe(3);
    write(pipe, "abcdefgh");
    try (ByteSequence s = pipe.readZeroCopy(-1)) {
      List<String> parts = new ArrayList<>();
      Iterator<ByteBuffer> it = s.iterator();
      while (it.hasNext()) {
        ByteBuffer b = it.next();
        assertTrue(b.isReadOnly());
        byte[] a = new byte[b.remaining()];
        b.get(a);
        parts.add(str(a));
      }
      assertEquals(List.of("abc", "def", "gh"), parts);
      assertThrows(NoSuchElementException.class, it::next);
      Iterator<ByteBuffer> again = s.iterator();
      again.next();
      assertThrows(UnsupportedOperationException.class, again::remove);
    }
  }

  @Test
  void copyToCopiesEverythingAtThePositionAndAdvancesIt() throws IOException {
    Pipe pipe = pipe(3);
    write(pipe, "abcdefgh");
    try (ByteSequence s = pipe.peekZeroCopy(-1)) {
      ByteBuffer heap = ByteBuffer.allocate(12);
      heap.position(2);
      s.copyTo(heap);
      assertEquals(10, heap.position());
      assertContent("abcdefgh", Arrays.copyOfRange(heap.array(), 2, 10));
      ByteBuffer direct = ByteBuffer.allocateDirect(8);
      s.copyTo(direct);
      assertFalse(direct.hasRemaining());
      direct.flip();
      byte[] b = new byte[8];
      direct.get(b);
      assertContent("abcdefgh", b);
    }
  }

  @Test
  void copyToATooSmallBufferOverflowsAndCopiesNothing() throws IOException {
    Pipe pipe = pipe(3);
    write(pipe, "abcdefgh");
    try (ByteSequence s = pipe.readZeroCopy(-1)) {
      ByteBuffer dst = ByteBuffer.allocate(10);
      Arrays.fill(dst.array(), (byte) '.');
      dst.position(3);
      assertThrows(BufferOverflowException.class, () -> s.copyTo(dst));
      assertEquals(3, dst.position());
      assertEquals("..........", str(dst.array()));
      assertThrows(
          ReadOnlyBufferException.class, () -> s.copyTo(ByteBuffer.allocate(8).asReadOnlyBuffer()));
    }
  }

  /** A gathering channel that accepts at most {@code perCall} bytes per write. */
  static final class TrickleChannel implements GatheringByteChannel {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final int perCall;
    int calls;
    boolean stallNext;
    IOException failNext;

    /** Thrown by the next write after it has taken its bytes. */
    IOException failAfterTaking;

    TrickleChannel(int perCall) {
      this.perCall = perCall;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      calls++;
      if (failNext != null) {
        IOException e = failNext;
        failNext = null;
        throw e;
      }
      if (stallNext) {
        stallNext = false;
        return 0;
      }
      long n = 0;
      for (int i = offset; i < offset + length && n < perCall; i++) {
        ByteBuffer src = srcs[i];
        while (src.hasRemaining() && n < perCall) {
          received.write(src.get());
          n++;
        }
      }
      if (failAfterTaking != null) {
        IOException e = failAfterTaking;
        failAfterTaking = null;
        throw e;
      }
      return n;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
      return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  @Test
  void writeToDrainsInALoopThroughAChannelThatTakesAFewBytesAtATime() throws IOException {
    Pipe pipe = pipe(3);
    byte[] data = pattern(50, 26);
    pipe.write(data);
    try (ByteSequence s = pipe.readZeroCopy(-1)) {
      TrickleChannel channel = new TrickleChannel(4);
      long total = 0;
      channel.stallNext = true;
      assertEquals(0, s.writeTo(channel), "a stalled channel takes nothing");
      while (total < s.length()) {
        long n = s.writeTo(channel);
        assertTrue(n > 0 && n <= 4, "wrote " + n);
        total += n;
      }
      assertEquals(50, total);
      assertArrayEquals(data, channel.received.toByteArray());
      assertEquals(0, s.writeTo(channel), "everything was already written");
      assertArrayEquals(data, s.toByteArray(), "writeTo does not consume the sequence");
    }
  }

  @Test
  void writeToPropagatesTheChannelsFailure() throws IOException {
    Pipe pipe = pipe(3);
    write(pipe, "abcdef");
    IOException boom = new IOException("boom");
    try (ByteSequence s = pipe.readZeroCopy(-1)) {
      TrickleChannel failing = new TrickleChannel(100);
      failing.failNext = boom;
      assertSame(boom, assertThrows(IOException.class, () -> s.writeTo(failing)));
      TrickleChannel ok = new TrickleChannel(100);
      assertEquals(6, s.writeTo(ok));
      assertContent("abcdef", ok.received.toByteArray());
    }
  }

  @Test
  void writeToCountsTheBytesAFailingWriteTookSoARetrySendsEachByteOnce() throws IOException {
    Pipe pipe = pipe(3);
    byte[] data = pattern(20, 26);
    pipe.write(data);
    IOException boom = new IOException("boom");
    try (ByteSequence s = pipe.readZeroCopy(-1)) {
      TrickleChannel channel = new TrickleChannel(4);
      assertEquals(4, s.writeTo(channel));
      channel.failAfterTaking = boom; // takes 4 more, across a chunk boundary, then throws
      assertSame(boom, assertThrows(IOException.class, () -> s.writeTo(channel)));
      assertEquals(8, channel.received.size());
      long total = 8;
      while (total < s.length()) {
        long n = s.writeTo(channel);
        assertTrue(n > 0, "a retry wrote nothing after " + total + " bytes");
        total += n;
      }
      assertEquals(20, total);
      assertArrayEquals(data, channel.received.toByteArray(), "each byte was sent exactly once");
      assertEquals(0, s.writeTo(channel), "everything was already written");
    }
  }

  @Test
  void toStringDecodesCharactersSplitAcrossChunks() throws IOException {
    Pipe pipe = pipe(1);
    pipe.write("h\u00e9llo \u20ac\ud83d\ude00".getBytes(UTF_8));
    pipe.write(new byte[] {(byte) 0xFF});
    try (ByteSequence s = pipe.readZeroCopy(-1)) {
      assertEquals("h\u00e9llo \u20ac\ud83d\ude00\ufffd", s.toString(UTF_8));
    }
  }

  @Test
  void contentEqualsComparesEveryByte() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abcde");
    try (ByteSequence s = pipe.peekZeroCopy(-1)) {
      assertTrue(s.contentEquals(bytes("abcde")));
      assertFalse(s.contentEquals(bytes("abcdf")));
      assertFalse(s.contentEquals(bytes("Abcde")));
      assertFalse(s.contentEquals(bytes("abcd")));
      assertFalse(s.contentEquals(bytes("abcdef")));
      assertFalse(s.contentEquals(new byte[0]));
      assertThrows(NullPointerException.class, () -> s.contentEquals(null));
    }
  }

  // ------------------------------------------------------------------ lifetime

  @Test
  void sequenceOutlivesLaterReadsWritesAndPipeClose() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "first line\nsecond");
    ByteSequence line = pipe.readUntilZeroCopy(bytes("\n"), true);
    ByteSequence peeked = pipe.peekZeroCopy(3);
    assertContent("first line", line);
    assertContent("sec", peeked);
    assertContent("second", pipe.read());
    for (int i = 0; i < 20; i++) {
      pipe.write(pattern(37, 11)); // reuses released buffers; must not touch ours
      pipe.skip();
    }
    assertContent("first line", line);
    assertContent("sec", peeked);
    pipe.close();
    assertContent("first line", line);
    assertContent("sec", peeked);
    assertTrue(pool.outstanding() > 0, "the sequences still hold chunks");
    line.close();
    peeked.close();
    assertEquals(0, pool.outstanding());
  }

  @Test
  void chunkGoesBackToThePoolOnlyWhenTheLastHolderLetsGo() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcd");
    ByteSequence all = pipe.peekZeroCopy(4);
    ByteSequence half = pipe.peekZeroCopy(2);
    ByteSequence taken = pipe.readZeroCopy(3);
    assertEquals(1, pool.outstanding());
    pipe.close();
    assertEquals(1, pool.outstanding());
    all.close();
    assertEquals(1, pool.outstanding());
    taken.close();
    assertEquals(1, pool.outstanding());
    assertContent("ab", half);
    half.close();
    assertEquals(0, pool.outstanding());
    pool.assertNoMisuse();
  }

  @Test
  void closingSequencesBeforeThePipeLeavesThePipesChunksAlone() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcdefgh");
    try (ByteSequence s = pipe.peekZeroCopy(6)) {
      assertContent("abcdef", s);
    }
    assertEquals(2, pool.outstanding());
    assertContent("abcdefgh", pipe.read());
  }

  @Test
  void closeIsIdempotent() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcdefgh");
    ByteSequence s = pipe.readZeroCopy(-1);
    s.close();
    s.close();
    pipe.close();
    s.close();
    pool.assertAllReturned();
  }

  @Test
  void closeFromAnotherThreadReturnsTheChunks() throws Exception {
    Pipe pipe = pipe(4);
    write(pipe, "abcdefgh");
    ByteSequence s = pipe.readZeroCopy(6);
    Thread worker = new Thread(s::close);
    worker.start();
    worker.join();
    pipe.close();
    pool.assertAllReturned();
  }

  @Test
  void manySequencesOverOneChunkClosedConcurrentlyReleaseItExactlyOnce() throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 20; round++) {
        Pipe pipe = pipe(16);
        write(pipe, "0123456789abcdef");
        List<ByteSequence> sequences = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
          sequences.add(i % 2 == 0 ? pipe.peekZeroCopy(1 + i % 16) : pipe.peekExactZeroCopy(16));
        }
        pipe.close();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int from = t;
          futures.add(
              executor.submit(
                  () -> {
                    start.await();
                    for (int i = from; i < sequences.size(); i += 8) {
                      sequences.get(i).close();
                      sequences.get((i + 3) % sequences.size()).close();
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get(10, TimeUnit.SECONDS);
        }
        pool.assertAllReturned();
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void everyCallButCloseAfterCloseIsIllegalState() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcdefgh");
    ByteSequence s = pipe.readZeroCopy(-1);
    s.close();
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("length", s::length);
    calls.put("segmentCount", s::segmentCount);
    calls.put("segment", () -> s.segment(0));
    calls.put("byteAt", () -> s.byteAt(0));
    calls.put("toByteArray", s::toByteArray);
    calls.put("copyTo", () -> s.copyTo(ByteBuffer.allocate(100)));
    calls.put("writeTo", () -> s.writeTo(new TrickleChannel(100)));
    calls.put("toString", () -> s.toString(UTF_8));
    calls.put("contentEquals", () -> s.contentEquals(bytes("abcdefgh")));
    calls.put("iterator", s::iterator);
    calls.forEach((name, call) -> assertThrows(IllegalStateException.class, call, name));
    s.close();
  }

  @Test
  void sequenceOfAFailedPipeStaysReadable() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abc");
    try (ByteSequence s = pipe.peekZeroCopy(-1)) {
      IOException cause = new IOException("x");
      pipe.eof(cause);
      assertContent("abc", pipe.read());
      IOException e = assertThrows(IOException.class, pipe::read);
      assertSame(cause, e.getCause());
      assertContent("abc", s);
    }
  }
}
