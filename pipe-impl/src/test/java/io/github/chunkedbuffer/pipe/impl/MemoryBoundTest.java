package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.BufferLimitExceededException;
import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code maxBufferedBytes} and {@code pauseAtBytes} bound chunk memory, not only unread bytes: a
 * writer that asks for large loans and commits one byte each (what a loop over {@code getBuffer
 * (4096)} does against a peer that trickles bytes) must not make the pipe hold a chunk per byte.
 * The bound is the limit plus one {@code maxChunkSize}, counted in the pool's own bytes. Before
 * the fix, 16 KiB of limit let such a writer make the pipe hold 48 MiB.
 */
class MemoryBoundTest {
  private static final int LIMIT = 16 * 1024;

  private final CountingPool pool = CountingPool.exact();

  @AfterEach
  void everyChunkGoesBack() {
    pool.assertAllReturned();
  }

  /** One byte per {@code getBuffer(hint)}, the byte {@code i % 251}. */
  private static void trickleOne(Pipe pipe, int hint, int i) {
    ByteBuffer buf = pipe.getBuffer(hint);
    buf.put((byte) (i % 251));
    pipe.bufferWritten(1);
  }

  private static void assertSequence(byte[] got, int from) {
    for (int i = 0; i < got.length; i++) {
      assertEquals((byte) ((from + i) % 251), got[i], "byte " + (from + i));
    }
  }

  @Test
  void oneBytePerLargeLoanFillsTheWholeLimitWithinTheMemoryBound() throws IOException {
    try (Pipe pipe = Pipe.builder().pool(pool).maxBufferedBytes(LIMIT).build()) {
      long bound = LIMIT + Pipe.Builder.DEFAULT_MAX_CHUNK_SIZE;
      int i = 0;
      while (pipe.length() + 4096 <= LIMIT) {
        trickleOne(pipe, 4096, i++);
        assertTrue(pool.heldBytes() <= bound, "after " + i + " bytes: " + pool.heldBytes());
      }
      // The short tail is moved rather than abandoned, so memory stays near twice the bytes.
      assertTrue(pool.heldBytes() <= 3L * LIMIT, "held " + pool.heldBytes());
      BufferLimitExceededException e =
          assertThrows(BufferLimitExceededException.class, () -> pipe.getBuffer(4096));
      assertTrue(e.getMessage().contains("unread"), e.getMessage());
      trickleOne(pipe, 1, i++); // what is left of the limit can still be lent
      assertEquals(LIMIT - 4095 + 1, pipe.length());
      assertSequence(pipe.read(), 0);
      assertEquals(0, pool.outstanding(), "an emptied pipe holds no chunk");
    }
  }

  /**
   * A whole-chunk loan never fits beside the tail's byte, so the tail cannot be moved into the new
   * chunk; it is merged back into the chunk before it instead, and the limit is reached by unread
   * bytes, not by a chunk per byte.
   */
  @Test
  void loansAsLargeAsAChunkFillTheUnreadLimitWithinTheMemoryBound() throws IOException {
    int chunk = 4096;
    try (Pipe pipe =
        Pipe.builder()
            .pool(pool)
            .minChunkSize(chunk)
            .maxChunkSize(chunk)
            .maxBufferedBytes(LIMIT)
            .build()) {
      int i = 0;
      BufferLimitExceededException refused = null;
      while (refused == null) {
        try {
          trickleOne(pipe, chunk, i);
          i++;
        } catch (BufferLimitExceededException e) {
          refused = e;
        }
        assertTrue(pool.heldBytes() <= LIMIT + chunk, "held " + pool.heldBytes());
      }
      assertEquals(LIMIT - chunk + 1, i, "refused only when the loan would pass the limit");
      assertTrue(refused.getMessage().contains("unread"), refused.getMessage());
      assertTrue(pool.peakBytes() <= LIMIT + chunk, "peak " + pool.peakBytes());
      long outstanding = pool.outstanding();
      assertEquals(i, pipe.length(), "a refused loan commits nothing");
      assertEquals(outstanding, pool.outstanding(), "a refused loan takes no chunk");
      assertSequence(pipe.read(), 0);
      trickleOne(pipe, chunk, i); // reading freed the memory
      assertEquals(1, pipe.length());
    }
  }

  /**
   * A tail that a sequence holds is neither moved nor merged (the sequence may walk from the chunk
   * before it): wasted loans then reach the memory bound before the unread limit, and are refused
   * with the bytes intact.
   */
  @Test
  void tailsHeldBySequencesStayAndWholeChunkLoansAreRefusedByMemory() throws IOException {
    int chunk = 4096;
    java.util.List<ByteSequence> held = new java.util.ArrayList<>();
    try (Pipe pipe =
        Pipe.builder()
            .pool(pool)
            .minChunkSize(chunk)
            .maxChunkSize(chunk)
            .maxBufferedBytes(LIMIT)
            .build()) {
      int i = 0;
      BufferLimitExceededException refused = null;
      while (refused == null) {
        try {
          trickleOne(pipe, chunk, i);
          i++;
          ByteSequence tail = pipe.peekExactZeroCopy((int) pipe.length());
          held.add(tail.slice(i - 1, i)); // a lease on the tail chunk alone
          tail.close();
        } catch (BufferLimitExceededException e) {
          refused = e;
        }
        assertTrue(pool.heldBytes() <= LIMIT + chunk + (long) i * chunk, "held " + pool.heldBytes());
      }
      assertTrue(i < LIMIT / chunk + 2, "refused by memory, not by unread bytes: " + i);
      assertTrue(refused.getMessage().contains("chunks hold"), refused.getMessage());
      assertEquals(LIMIT, refused.limit());
      for (int k = 0; k < held.size(); k++) {
        assertEquals((byte) (k % 251), held.get(k).byteAt(0), "the leased byte " + k);
      }
      assertSequence(pipe.read(), 0);
    } finally {
      held.forEach(ByteSequence::close);
    }
  }

  @Test
  void writesAfterWastedLoansAreRefusedWholeWhenTheyWouldPassTheBound() {
    int chunk = 4096;
    try (Pipe pipe =
        Pipe.builder()
            .pool(pool)
            .minChunkSize(chunk)
            .maxChunkSize(chunk)
            .maxBufferedBytes(LIMIT)
            .build()) {
      java.util.List<ByteSequence> leases = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          trickleOne(pipe, chunk, i); // three chunks of one byte each: leased, so none is merged
          try (ByteSequence all = pipe.peekExactZeroCopy(i + 1)) {
            leases.add(all.slice(i, i + 1));
          }
        }
        assertEquals(3L * chunk, pool.heldBytes());
        long before = pipe.length();
        assertThrows(BufferLimitExceededException.class, () -> pipe.write(new byte[LIMIT - 3]));
        assertEquals(before, pipe.length(), "no piece of a refused write is committed");
        pipe.write(new byte[chunk]);
        assertTrue(pool.heldBytes() <= LIMIT + chunk, "held " + pool.heldBytes());
      } catch (IOException e) {
        throw new AssertionError(e);
      } finally {
        leases.forEach(ByteSequence::close);
      }
    }
  }

  @Test
  void aZeroCopyViewKeepsItsChunkButTheChunkNoLongerCountsOnceRead() throws IOException {
    try (Pipe pipe = Pipe.builder().pool(pool).maxBufferedBytes(LIMIT).build()) {
      pipe.write(new byte[1000]);
      try (ByteSequence held = pipe.readZeroCopy(-1)) {
        assertEquals(1000, held.length());
        assertEquals(1, pool.outstanding(), "the view keeps the chunk");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        for (int i = 0; i < LIMIT; i++) {
          sink.write(i % 251);
        }
        pipe.write(sink.toByteArray()); // the limit counts the pipe's chunks, not the caller's
        assertArrayEquals(sink.toByteArray(), pipe.read());
      }
    }
  }

  @Test
  void concurrentWriterTricklingWholeChunkLoansIsHeldAtThePauseBound() throws Exception {
    int chunk = 4096;
    long pause = 16 * 1024;
    try (Pipe pipe =
        Pipe.builder()
            .pool(pool)
            .minChunkSize(chunk)
            .maxChunkSize(chunk)
            .concurrent(pause, pause / 2)
            .build()) {
      int total = (int) (3 * pause); // past the pause in unread bytes, not only in wasted room
      Worker<Void> writer =
          Worker.start(
              () -> {
                for (int i = 0; i < total; i++) {
                  trickleOne(pipe, chunk, i);
                }
                pipe.eof();
                return null;
              });
      writer.awaitParked();
      assertTrue(pipe.length() < total, "the writer went on: " + pipe.length());
      assertTrue(pool.heldBytes() <= pause + chunk, "held while parked " + pool.heldBytes());
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      while (true) {
        byte[] part = pipe.read();
        if (part == null) {
          assertTrue(pool.heldBytes() <= pause + chunk, "held " + pool.heldBytes());
          Thread.onSpinWait();
          continue;
        }
        if (part.length == 0) {
          break;
        }
        got.write(part);
      }
      writer.get();
      assertEquals(total, got.size());
      assertSequence(got.toByteArray(), 0);
    }
  }

  /** A concurrent pipe of {@code chunk}-byte chunks whose writer pauses past 10 unread bytes. */
  private Pipe pausingAtTen(int chunk) {
    return Pipe.builder()
        .pool(pool)
        .minChunkSize(chunk)
        .maxChunkSize(chunk)
        .concurrent(10, 0)
        .build();
  }

  /**
   * A concurrent writer whose last loan is still out (a channel read that returned 0, not
   * committed) must not be held back by the memory that loan pins once nothing is unread: no
   * read can free anything then, so a reader that polls would wait for ever, and so would the
   * writer.
   */
  @Test
  void anUncommittedLoanDoesNotHoldTheConcurrentWriterOnAnEmptyPipe() throws Exception {
    int chunk = 64;
    try (Pipe pipe = pausingAtTen(chunk)) {
      pipe.write(new byte[] {1, 2, 3});
      pipe.getBuffer(1); // lent from the tail, never committed
      assertEquals(3, pipe.read().length); // nothing is unread
      ByteBuffer next = pipe.tryGetBuffer(62);
      assertNotNull(next, "tryGetBuffer answered null on an empty pipe");
      next.put((byte) 7);
      pipe.bufferWritten(1);
      assertEquals(1, pipe.length());
      assertTrue(pool.heldBytes() <= 10 + chunk, "held " + pool.heldBytes());
    }
  }

  @Test
  void anUncommittedLoanDoesNotHoldAConcurrentWriteOnAnEmptyPipe() throws Exception {
    int chunk = 64;
    try (Pipe pipe = pausingAtTen(chunk)) {
      // The writer's own thread does everything, reading too, as a polling reader would.
      Worker<byte[]> writer =
          Worker.start(
              () -> {
                pipe.write(new byte[60]);
                pipe.read(57); // 3 left: the writer may go on
                pipe.getBuffer(1); // lent from the tail, never committed
                pipe.read(); // nothing is unread
                pipe.write(new byte[chunk]); // must not wait for a read that cannot come
                return pipe.read();
              });
      assertEquals(chunk, writer.get().length);
      assertTrue(pool.heldBytes() <= 10 + chunk, "held " + pool.heldBytes());
    }
  }

  /**
   * Moving a short tail acquires the new chunk before it gives the old one back, so for the time
   * of the copy the pool has both out: up to the bound plus one {@code maxChunkSize} plus the old
   * tail. The list never holds more than the bound allows, but a pool (or a container's memory
   * limit) sees the sum.
   */
  @Test
  void movingAShortTailKeepsThePoolWithinTheBoundDuringTheCopy() throws IOException {
    int limit = 60;
    int chunk = 64;
    try (Pipe pipe =
        Pipe.builder()
            .pool(pool)
            .minChunkSize(chunk)
            .maxChunkSize(chunk)
            .maxBufferedBytes(limit)
            .build()) {
      pipe.write(new byte[40]);
      assertEquals(30, pipe.read(30).length); // 10 unread, 24 bytes of room in the one chunk
      ByteBuffer lent = pipe.getBuffer(30); // more than the room: the 10 bytes are moved
      assertTrue(lent.remaining() >= 30);
      assertTrue(pool.heldBytes() <= chunk, "the list holds one chunk again: " + pool.heldBytes());
      assertTrue(
          pool.peakBytes() <= limit + chunk,
          "the pool had " + pool.peakBytes() + " bytes out, the bound is " + (limit + chunk));
    }
  }
}
