package io.github.chunkedbuffer.tests.reliability;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debug checks of the pools ({@code io.github.chunkedbuffer.debug=true} when the pool is created):
 * a double release and a buffer the pool did not lend are refused by identity, with a message that
 * says which, and the pool is exactly as it was afterwards. For the thread-local pool the releases
 * land in the calling platform thread's cache, the path that never reaches the delegate.
 */
class PoolDebugChecksTest {

  private static final long BOUND = 8L << 20;

  private static ChunkPool debugPool(String name) {
    return Reliability.freshPool(name, BOUND, true);
  }

  /** A buffer of the pool's kind and a capacity it lends, which it never lent. */
  private static ByteBuffer lookalike(ChunkPool pool) {
    ByteBuffer probe = pool.acquire(4096);
    ByteBuffer foreign =
        probe.isDirect() ? ByteBuffer.allocateDirect(probe.capacity()) : ByteBuffer.allocate(probe.capacity());
    pool.release(probe);
    return foreign;
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "direct", "thread-local"})
  void doubleReleaseIsRefusedAndLeavesThePoolUnchanged(String name) {
    ChunkPool pool = debugPool(name);
    ByteBuffer b = pool.acquire(4096);
    pool.release(b);
    PoolStats before = pool.stats();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.release(b));

    assertTrue(e.getMessage().contains("already released (double release)"), e::getMessage);
    assertEquals(before, pool.stats(), "a refused release must change nothing");
    // The one kept copy is lent once, and then the pool has a different buffer for the next holder.
    ByteBuffer first = pool.acquire(4096);
    ByteBuffer second = pool.acquire(4096);
    assertNotSame(first, second, "the double release put one buffer in the pool twice");
    pool.release(first);
    pool.release(second);
    assertEquals(0, pool.stats().outstanding());
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "direct", "thread-local"})
  void bufferThePoolDidNotLendIsRefusedAndLeavesThePoolUnchanged(String name) {
    ChunkPool pool = debugPool(name);
    ByteBuffer foreign = lookalike(pool);
    ByteBuffer held = pool.acquire(4096);
    PoolStats before = pool.stats();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.release(foreign));

    assertTrue(e.getMessage().contains("was not lent by this pool"), e::getMessage);
    assertEquals(before, pool.stats());
    // A duplicate of a buffer the pool did lend is not that buffer either.
    assertThrows(IllegalArgumentException.class, () -> pool.release(held.duplicate()));
    assertEquals(before, pool.stats());
    pool.release(held); // the real one still goes back, once
    assertEquals(0, pool.stats().outstanding());
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "direct", "thread-local"})
  void aBufferOfAnotherPoolOfTheSameKindIsRefused(String name) {
    ChunkPool pool = debugPool(name);
    ChunkPool other = debugPool(name);
    pool.release(pool.acquire(4096)); // this pool has lent that kind of buffer before
    ByteBuffer theirs = other.acquire(4096);
    PoolStats before = pool.stats();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.release(theirs));

    assertTrue(e.getMessage().contains("not lent by this pool"), e::getMessage);
    assertEquals(before, pool.stats());
    other.release(theirs);
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "direct", "thread-local"})
  void twoThreadsReleasingOneBufferAtOnceSucceedExactlyOnce(String name) throws Exception {
    ChunkPool pool = debugPool(name);
    for (int round = 0; round < 200; round++) {
      ByteBuffer b = pool.acquire(4096);
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    start.await();
                    pool.release(b);
                    accepted.incrementAndGet();
                  } catch (IllegalArgumentException e) {
                    refused.incrementAndGet();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        thread.start();
        threads.add(thread);
      }
      start.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
      assertEquals(1, accepted.get(), "round " + round);
      assertEquals(1, refused.get(), "round " + round);
    }
    PoolStats stats = pool.stats();
    assertEquals(200, stats.acquired());
    assertEquals(200, stats.released());
    assertEquals(0, stats.outstanding());
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "direct", "thread-local"})
  void withoutTheDebugPropertyPoolsDoNotTrackIdentities(String name) {
    ChunkPool pool = Reliability.freshPool(name, BOUND, false);
    assertFalse(pool.toString().contains("debug"), pool::toString);
    assertTrue(debugPool(name).toString().contains("debug"));
    // Proof that nothing is checked: a lookalike of the right kind and size is taken back, and
    // counted, which leaves the trace ChunkPool documents: outstanding below zero.
    ByteBuffer foreign = lookalike(pool);
    assertEquals(0, pool.stats().outstanding());
    assertDoesNotThrow(() -> pool.release(foreign));
    assertEquals(-1, pool.stats().outstanding());
  }
}
