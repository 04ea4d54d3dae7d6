package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.PartialReadException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A concurrent pipe's reader: how {@code await} waits, wakes, times out and is interrupted. */
class ConcurrentPipeTest extends PipeTestSupport {

  private static final byte[] CRLF = {'\r', '\n'};

  /** A concurrent pipe with 8-byte chunks that holds its writer back above 1 KiB. */
  private Pipe concurrent() {
    return track(
        Pipe.builder().pool(pool).minChunkSize(8).maxChunkSize(8).concurrent(1024, 512).build());
  }

  // ---------------------------------------------------------------- waking

  @Test
  void awaitReadExactReturnsOnceTheWriterCommitsTheLastByte() throws Exception {
    Pipe pipe = concurrent();
    Worker<byte[]> reader = Worker.start(() -> pipe.awaitReadExact(10));
    reader.awaitParked();
    write(pipe, "01234");
    reader.awaitParked(); // five bytes are not ten: it waits again
    reader.assertStillRunning();
    trickle(pipe, "56789xyz");
    assertContent("0123456789", reader.get());
    assertEquals("xyz", unread(pipe));
  }

  @Test
  void awaitReadUntilWakesForASeparatorSplitAcrossCommits() throws Exception {
    Pipe pipe = concurrent();
    Worker<byte[]> reader = Worker.start(() -> pipe.awaitReadUntil(CRLF, true, 100));
    reader.awaitParked();
    write(pipe, "GET / HTTP/1.1\r");
    reader.awaitParked();
    write(pipe, "\nHost");
    assertContent("GET / HTTP/1.1", reader.get());
    assertEquals("Host", unread(pipe));
  }

  @Test
  void awaitZeroCopyReadReturnsAViewOfWhatArrived() throws Exception {
    Pipe pipe = concurrent();
    Worker<ByteSequence> reader = Worker.start(() -> pipe.awaitReadExactZeroCopy(20));
    reader.awaitParked();
    write(pipe, "abcdefghijklmnopqrstuvwxyz");
    try (ByteSequence s = reader.get()) {
      assertContent("abcdefghijklmnopqrst", s);
      assertTrue(s.segmentCount() > 1, "20 bytes over 8-byte chunks span several segments");
    }
    assertEquals("uvwxyz", unread(pipe));
  }

  @Test
  void awaitPeekExactConsumesNothingAndAwaitSkipExactConsumes() throws Exception {
    Pipe pipe = concurrent();
    Worker<byte[]> peeker = Worker.start(() -> pipe.awaitPeekExact(3));
    peeker.awaitParked();
    write(pipe, "abcd");
    assertContent("abc", peeker.get());
    assertEquals(4, pipe.length());
    Worker<Void> skipper =
        Worker.start(
            () -> {
              pipe.awaitSkipExact(6);
              return null;
            });
    skipper.awaitParked();
    assertEquals(4, pipe.length(), "a waiting skip consumes nothing");
    write(pipe, "efgh");
    skipper.get();
    assertEquals("gh", unread(pipe));
  }

  @Test
  void awaitRunsTheReadWithTheInnerPipeAndReturnsItsResult() throws Exception {
    Pipe pipe = concurrent();
    Worker<Long> reader = Worker.start(() -> pipe.await(p -> p.length() >= 5 ? p.length() : null));
    reader.awaitParked();
    write(pipe, "12");
    reader.awaitParked();
    write(pipe, "345");
    assertEquals(5L, reader.get());
  }

  @Test
  void eofWakesAWaitingReaderWithPartialReadExceptionCarryingTheLeftover() throws Exception {
    Pipe pipe = concurrent();
    write(pipe, "abc");
    Worker<byte[]> reader = Worker.start(() -> pipe.awaitReadExact(10));
    reader.awaitParked();
    pipe.eof();
    PartialReadException e = assertInstanceOf(PartialReadException.class, reader.failure());
    assertContent("abc", e.leftover());
    assertTrue(pipe.reachedEof());
  }

  @Test
  void eofWithACauseWakesAWaitingReaderWithThatCause() throws Exception {
    Pipe pipe = concurrent();
    Worker<byte[]> reader = Worker.start(() -> pipe.awaitReadUntil(CRLF, true, 100));
    reader.awaitParked();
    IOException cause = new IOException("connection reset");
    pipe.eof(cause);
    Throwable thrown = reader.failure();
    assertInstanceOf(IOException.class, thrown);
    assertSame(cause, thrown.getCause());
  }

  @Test
  void eofWithACauseAfterSomeBytesGivesThemAsLeftoverWithTheCause() throws Exception {
    Pipe pipe = concurrent();
    write(pipe, "partial");
    Worker<byte[]> reader = Worker.start(() -> pipe.awaitReadExact(100));
    reader.awaitParked();
    IOException cause = new IOException("broken");
    pipe.eof(cause);
    PartialReadException e = assertInstanceOf(PartialReadException.class, reader.failure());
    assertContent("partial", e.leftover());
    assertSame(cause, e.getCause());
  }

  @Test
  void closeWakesAWaitingReaderWithIllegalStateException() throws Exception {
    Pipe pipe = concurrent();
    write(pipe, "ab");
    Worker<byte[]> reader = Worker.start(() -> pipe.awaitReadExact(3));
    reader.awaitParked();
    pipe.close();
    assertInstanceOf(IllegalStateException.class, reader.failure());
    assertEquals(0, pool.outstanding());
  }

  @Test
  void awaitOnAClosedPipeThrowsAtOnce() {
    Pipe pipe = concurrent();
    pipe.close();
    assertThrows(IllegalStateException.class, () -> pipe.awaitReadExact(1));
    assertThrows(
        IllegalStateException.class, () -> pipe.awaitReadExact(1, 1, TimeUnit.MILLISECONDS));
  }

  @Test
  void awaitWithEnoughBufferedReturnsWithoutWaiting() throws Exception {
    Pipe pipe = concurrent();
    write(pipe, "hello\r\nrest");
    assertContent("hello", pipe.awaitReadUntil(CRLF, true, 10));
    assertContent("rest", pipe.awaitReadExact(4, 0, TimeUnit.NANOSECONDS));
  }

  // ---------------------------------------------------------------- timeouts

  @Test
  void timedAwaitsReturnNullOrFalseAndLoseNothing() throws Exception {
    Pipe pipe = concurrent();
    write(pipe, "12345");
    assertNull(pipe.awaitReadExact(10, 20, TimeUnit.MILLISECONDS));
    assertNull(pipe.awaitPeekExact(10, 1, TimeUnit.MILLISECONDS));
    assertNull(pipe.awaitReadUntil(CRLF, false, 100, 1, TimeUnit.MILLISECONDS));
    assertFalse(pipe.awaitSkipExact(10, 1, TimeUnit.MILLISECONDS));
    assertNull(pipe.awaitReadExactZeroCopy(10, 0, TimeUnit.SECONDS));
    assertNull(pipe.awaitPeekExactZeroCopy(10, -5, TimeUnit.SECONDS));
    assertNull(pipe.awaitReadUntilZeroCopy(CRLF, true, 100, 1, TimeUnit.MILLISECONDS));
    assertEquals("12345", unread(pipe));
    write(pipe, "67890\r\n");
    assertContent("1234567890", pipe.awaitReadUntil(CRLF, true, 100, 1, TimeUnit.SECONDS));
    assertTrue(pipe.skipExact(0));
    assertEquals(0, pipe.length());
  }

  @Test
  void aTimedAwaitThatTheWriterSatisfiesInTimeReturnsTheBytes() throws Exception {
    Pipe pipe = concurrent();
    Worker<byte[]> reader = Worker.start(() -> pipe.awaitReadExact(4, 20, TimeUnit.SECONDS));
    reader.awaitParked();
    write(pipe, "abcd");
    assertContent("abcd", reader.get());
  }

  // ---------------------------------------------------------------- interrupts

  @Test
  void interruptingAWaitingReaderThrowsInterruptedExceptionAndLosesNothing() throws Exception {
    Pipe pipe = concurrent();
    write(pipe, "abc");
    Worker<byte[]> reader = Worker.start(() -> pipe.awaitReadExact(6));
    reader.awaitParked();
    reader.thread().interrupt();
    assertInstanceOf(InterruptedException.class, reader.failure());
    assertEquals("abc", unread(pipe));
    write(pipe, "def");
    assertContent("abcdef", pipe.readExact(6));
  }

  @Test
  void interruptingATimedWaitThrowsInterruptedExceptionAndLosesNothing() throws Exception {
    Pipe pipe = concurrent();
    write(pipe, "xy");
    Worker<ByteSequence> reader =
        Worker.start(() -> pipe.awaitReadExactZeroCopy(3, 20, TimeUnit.SECONDS));
    reader.awaitParked();
    reader.thread().interrupt();
    assertInstanceOf(InterruptedException.class, reader.failure());
    write(pipe, "z");
    assertContent("xyz", pipe.readExact(3));
  }

  @Test
  void aReaderInterruptedBeforeItWaitsReadsNothing() throws Exception {
    Pipe pipe = concurrent();
    write(pipe, "abcd");
    Worker<byte[]> reader =
        Worker.start(
            () -> {
              Thread.currentThread().interrupt();
              return pipe.awaitReadExact(2);
            });
    assertInstanceOf(InterruptedException.class, reader.failure());
    assertEquals("abcd", unread(pipe));
  }

  // ---------------------------------------------------------------- non-concurrent pipes

  @Test
  void awaitOnAPlainPipeWithTheBytesBufferedReturnsThem() throws Exception {
    Pipe pipe = pipe(4);
    assertFalse(pipe.isConcurrent());
    write(pipe, "line\r\nabcdef");
    assertContent("line", pipe.awaitReadUntil(CRLF, true, 100));
    assertContent("ab", pipe.awaitReadExact(2, 1, TimeUnit.SECONDS));
    assertContent("c", pipe.awaitPeekExact(1));
    pipe.awaitSkipExact(1);
    try (ByteSequence s = pipe.awaitReadExactZeroCopy(3)) {
      assertContent("def", s);
    }
  }

  @Test
  void awaitOnAnEmptyPlainPipeThrowsIllegalStateExceptionNamingConcurrent() {
    Pipe pipe = pipe(4);
    write(pipe, "ab");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> pipe.awaitReadExact(3));
    assertTrue(e.getMessage().contains("concurrent"), e.getMessage());
    IllegalStateException timed =
        assertThrows(
            IllegalStateException.class, () -> pipe.awaitReadExact(3, 1, TimeUnit.SECONDS));
    assertTrue(timed.getMessage().contains("concurrent"), timed.getMessage());
    assertEquals("ab", unread(pipe), "the failed await consumed nothing");
  }

  @Test
  void awaitOnAPlainPipeAtEofThrowsPartialReadException() throws Exception {
    Pipe pipe = pipe(4);
    write(pipe, "ab");
    pipe.eof();
    PartialReadException e =
        assertThrows(PartialReadException.class, () -> pipe.awaitReadExact(3));
    assertArrayEquals(bytes("ab"), e.leftover());
  }

  // ---------------------------------------------------------------- builder

  @Test
  void builderRejectsConcurrentThresholdsOutOfRange() {
    long[][] bad = {{0, 0}, {-1, 0}, {10, 11}, {10, -1}, {Long.MIN_VALUE, Long.MIN_VALUE}};
    for (long[] t : bad) {
      Pipe.Builder builder = Pipe.builder().pool(pool).concurrent(t[0], t[1]);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
      assertTrue(
          e.getMessage().contains("concurrent(" + t[0] + ", " + t[1] + ")"), e.getMessage());
    }
    assertEquals(0, pool.acquired(), "a rejected build acquires nothing");
  }

  @Test
  void builderAcceptsThresholdsAtTheirBounds() {
    assertTrue(track(Pipe.builder().pool(pool).concurrent(1, 0).build()).isConcurrent());
    assertTrue(track(Pipe.builder().pool(pool).concurrent(10, 10).build()).isConcurrent());
    assertTrue(
        track(Pipe.builder().pool(pool).concurrent(Long.MAX_VALUE, 0).build()).isConcurrent());
    assertFalse(track(Pipe.builder().pool(pool).build()).isConcurrent());
  }
}
