package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ByteView;
import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PartialReadException;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Borrowed views ({@code Pipe.newView()} and the view-taking reads): they point at the pipe's
 * bytes without a copy, an allocation or a reference count, stay valid exactly until the pipe's
 * next consuming, writing, lending or closing call, and throw "stale view" after it, always.
 */
class BorrowedViewTest extends PipeTestSupport {

  private static final byte[] CRLF = {'\r', '\n'};

  @Test
  void readExactPointsTheViewAtTheBytesAndConsumesThem() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "hello world");
    ByteView view = pipe.newView();
    assertTrue(pipe.readExact(5, view));
    assertEquals(5, view.length());
    assertEquals("hello", view.toString(StandardCharsets.US_ASCII));
    assertEquals((byte) 'e', view.byteAt(1));
    assertEquals(0x656c6c6f, view.intAt(1), "'ello', across a chunk boundary");
    assertEquals(6, pipe.length());
  }

  @Test
  void anEmptyViewGoesStaleAtTheNextCallLikeAnyOther() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcdef");
    ByteView view = pipe.newView();
    assertTrue(pipe.readExact(0, view));
    assertEquals(0, view.length());
    pipe.readByte(); // a typed read, which ends views without pointing one
    assertThrows(IllegalStateException.class, view::length);
    pipe.readByte(); // no view pointed since the last call: it stays ended
    assertThrows(IllegalStateException.class, view::length);
    assertTrue(pipe.peekExact(2, view));
    assertEquals(2, view.length());
    pipe.writeInt(1);
    assertThrows(IllegalStateException.class, view::length);
  }

  @Test
  void readUntilPointsTheViewWithOrWithoutTheSeparator() throws IOException {
    Pipe pipe = pipe(3);
    write(pipe, "GET /\r\nHost: x\r\n");
    ByteView line = pipe.newView();
    assertTrue(pipe.readUntil(CRLF, true, 100, line));
    assertEquals("GET /", line.toString(StandardCharsets.US_ASCII));
    assertTrue(pipe.readUntil(CRLF, false, 100, line));
    assertEquals("Host: x\r\n", line.toString(StandardCharsets.US_ASCII));
    assertEquals(0, pipe.length());
  }

  @Test
  void aReadThatCannotBeSatisfiedYetReturnsFalseAndLeavesTheViewValid() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcdef");
    ByteView view = pipe.newView();
    assertTrue(pipe.readExact(2, view));
    assertFalse(pipe.readExact(10, view));
    assertFalse(pipe.readUntil(CRLF, true, 100, view));
    assertEquals("ab", view.toString(StandardCharsets.US_ASCII), "untouched and still valid");
    assertEquals(4, pipe.length(), "nothing consumed");
  }

  @Test
  void peekExactConsumesNothingAndLeavesOtherViewsValid() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "0123456789");
    ByteView first = pipe.newView();
    ByteView peeked = pipe.newView();
    assertTrue(pipe.readExact(3, first));
    assertTrue(pipe.peekExact(4, peeked));
    assertEquals("012", first.toString(StandardCharsets.US_ASCII));
    assertEquals("3456", peeked.toString(StandardCharsets.US_ASCII));
    assertEquals(7, pipe.length());
  }

  @Test
  void callsThatChangeNothingLeaveTheViewValid() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "key:value\n");
    ByteView view = pipe.newView();
    assertTrue(pipe.readExact(3, view));
    pipe.length();
    pipe.byteAt(0);
    pipe.findByte((byte) '\n');
    pipe.find(new byte[] {'l', 'u'});
    pipe.peek(2);
    try (ByteSequence s = pipe.peekZeroCopy(2)) {
      assertEquals(2, s.length());
    }
    assertEquals("key", view.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void everyConsumingWritingLendingOrClosingCallMakesTheViewStale() throws IOException {
    assertStaleAfter(p -> read(p, 1));
    assertStaleAfter(p -> skip(p, 1));
    assertStaleAfter(p -> readExactInto(p, 1, p.newView()));
    assertStaleAfter(p -> write(p, "z"));
    assertStaleAfter(p -> p.write(ByteBuffer.wrap(new byte[] {1})));
    assertStaleAfter(p -> p.getBuffer(1));
    assertStaleAfter(Pipe::close);
  }

  private void assertStaleAfter(Consumer<Pipe> call) throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcdefgh");
    ByteView view = pipe.newView();
    assertTrue(pipe.readExact(3, view));
    call.accept(pipe);
    IllegalStateException e = assertThrows(IllegalStateException.class, view::length);
    assertTrue(e.getMessage().contains("stale view"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> view.byteAt(0));
    assertThrows(IllegalStateException.class, () -> view.intAt(0));
    assertThrows(IllegalStateException.class, view::toByteArray);
  }

  @Test
  void aFreshViewSaysItPointsAtNothing() {
    Pipe pipe = pipe(4);
    ByteView view = pipe.newView();
    IllegalStateException e = assertThrows(IllegalStateException.class, view::length);
    assertTrue(e.getMessage().contains("points at nothing"), e.getMessage());
  }

  @Test
  void aViewOfAnotherPipeOrASequenceIsRefusedAndNothingIsConsumed() throws IOException {
    Pipe pipe = pipe(4);
    Pipe other = pipe(4);
    write(pipe, "abcdef");
    assertThrows(IllegalArgumentException.class, () -> pipe.readExact(2, other.newView()));
    try (ByteSequence s = pipe.peekZeroCopy(2)) {
      assertThrows(IllegalArgumentException.class, () -> pipe.readExact(2, s));
    }
    assertEquals(6, pipe.length());
  }

  @Test
  void consumedChunksStayUntilTheNextCallThenGoBack() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "0123456789ab"); // three chunks
    ByteView view = pipe.newView();
    assertTrue(pipe.readExact(12, view));
    assertEquals(0, pipe.length());
    assertEquals(3, pool.outstanding(), "the view's chunks are kept while it is valid");
    assertEquals("0123456789ab", view.toString(StandardCharsets.US_ASCII));
    write(pipe, "c"); // ends the view
    assertEquals(1, pool.outstanding(), "the kept chunks went back; one for the new byte");
    assertContent("c", pipe.read());
    assertEquals(0, pool.outstanding(), "an emptied pipe holds nothing");
  }

  @Test
  void atEofAShortReadThrowsWithTheLeftoverAndLeavesTheViewUnpointed() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abc");
    pipe.eof();
    ByteView view = pipe.newView();
    PartialReadException e =
        assertThrows(PartialReadException.class, () -> pipe.readExact(5, view));
    assertEquals("abc", str(e.leftover()));
    assertThrows(IllegalStateException.class, view::length);
  }

  @Test
  void aConcurrentWritersCallsLeaveTheReadersViewValidAndItsBytesIntact() throws Exception {
    Pipe pipe =
        track(
            Pipe.builder()
                .pool(pool)
                .minChunkSize(4)
                .maxChunkSize(4)
                .concurrent(1 << 20, 1 << 19)
                .build());
    write(pipe, "abcdefgh");
    ByteView view = pipe.newView();
    assertTrue(pipe.readExact(8, view)); // drains the pipe: its chunks are kept for the view
    Worker<Void> writer =
        Worker.start(
            () -> {
              for (int i = 0; i < 1000; i++) {
                ByteBuffer b = pipe.getBuffer(16);
                b.put(new byte[16]);
                pipe.bufferWritten(0); // lends and ends loans on the drained tail, commits nothing
                pipe.write(new byte[] {'x'});
              }
              return null;
            });
    writer.get();
    assertEquals("abcdefgh", view.toString(StandardCharsets.US_ASCII));
    assertEquals(1000, pipe.skip());
    assertThrows(IllegalStateException.class, view::length, "the reader's skip ended it");
  }

  @Test
  void aCloseByAnotherThreadKeepsTheReadersViewIntactUntilItsNextCall() throws Exception {
    Pipe pipe =
        track(
            Pipe.builder()
                .pool(pool)
                .minChunkSize(4)
                .maxChunkSize(4)
                .concurrent(1 << 20, 1 << 19)
                .build());
    write(pipe, "abcdefghij");
    ByteView view = pipe.newView();
    assertTrue(pipe.readExact(6, view));
    Worker.start(
            () -> {
              pipe.close();
              Pipe other = Pipe.builder().pool(pool).minChunkSize(4).maxChunkSize(4).build();
              other.write(new byte[64]); // would take the chunks if they had gone back
              other.close();
              return null;
            })
        .get();
    assertEquals("abcdef", view.toString(StandardCharsets.US_ASCII), "the view's bytes are intact");
    assertTrue(pool.outstanding() > 0, "the chunks wait for the reader");
    assertThrows(IllegalStateException.class, pipe::length, "the reader's next call: closed");
    assertEquals(0, pool.outstanding(), "and then the chunks go back");
    assertThrows(IllegalStateException.class, view::length, "and the view is stale");
  }

  @Test
  void steadyStateParsingThroughAViewAllocatesNothing() throws IOException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    RecyclingPool recycling = new RecyclingPool();
    try (Pipe pipe = Pipe.builder().pool(recycling).build()) {
      byte[] batch = "$5\r\nhello\r\n$3\r\nabc\r\n*2\r\n".getBytes(StandardCharsets.US_ASCII);
      ByteView line = pipe.newView();
      ByteView body = pipe.newView();
      long sum = parse(pipe, batch, line, body, 20_000); // warm up, fill the pool
      long before = threads.getCurrentThreadAllocatedBytes();
      sum += parse(pipe, batch, line, body, 100_000);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertTrue(sum > 0);
      assertTrue(
          allocated < 4096,
          "allocated " + allocated + " bytes for 300,000 messages through borrowed views");
    }
  }

  @Test
  void steadyStateWritesAndViewReadsOnAConcurrentPipeAllocateNothing() throws IOException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    RecyclingPool recycling = new RecyclingPool();
    try (Pipe pipe = Pipe.builder().pool(recycling).concurrent(1 << 20, 1 << 19).build()) {
      byte[] batch = "$5\r\nhello\r\n$3\r\nabc\r\n*2\r\n".getBytes(StandardCharsets.US_ASCII);
      ByteView line = pipe.newView();
      ByteView body = pipe.newView();
      long sum = parse(pipe, batch, line, body, 20_000);
      long before = threads.getCurrentThreadAllocatedBytes();
      sum += parse(pipe, batch, line, body, 100_000);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertTrue(sum > 0);
      assertTrue(
          allocated < 4096,
          "allocated " + allocated + " bytes for 100,000 writes and 300,000 messages");
    }
  }

  /** Writes {@code batch} {@code rounds} times, parsing RESP-like frames through the views. */
  private static long parse(Pipe pipe, byte[] batch, ByteView line, ByteView body, int rounds)
      throws IOException {
    long sum = 0;
    for (int r = 0; r < rounds; r++) {
      pipe.write(batch);
      while (pipe.readUntil(CRLF, true, 64, line)) {
        if (line.byteAt(0) == '$') {
          int n = (int) line.parseLong(1, line.length(), 10);
          if (!pipe.readExact(n, body)) {
            throw new AssertionError("the body is buffered");
          }
          sum += body.byteAt(n - 1);
          pipe.skip(2);
        } else {
          sum += line.length();
        }
      }
    }
    return sum;
  }

  // Small helpers that adapt checked calls to Consumer.

  private static void read(Pipe p, int n) {
    try {
      p.read(n);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void skip(Pipe p, long n) {
    try {
      p.skip(n);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void readExactInto(Pipe p, int n, ByteView v) {
    try {
      p.readExact(n, v);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A pool that reuses released buffers and allocates nothing in steady state. */
  static final class RecyclingPool implements ChunkPool {
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>(64);

    @Override
    public ByteBuffer acquire(int minCapacity) {
      for (int i = 0, n = free.size(); i < n; i++) {
        ByteBuffer b = free.pollFirst();
        if (b.capacity() >= minCapacity) {
          return b.clear();
        }
        free.addLast(b);
      }
      return ByteBuffer.allocate(Math.max(minCapacity, 4096));
    }

    @Override
    public void release(ByteBuffer buffer) {
      free.addFirst(buffer);
    }

    @Override
    public String name() {
      return "recycling";
    }

    @Override
    public PoolStats stats() {
      return new PoolStats(0, 0, 0, 0, 0, 0);
    }
  }
}
