package io.github.chunkedbuffer.tests.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The thread-local pool must stay bounded with many thousands of virtual threads: none of them
 * may get a cache of its own. Compiled for Java 17, so virtual threads are reached reflectively and
 * the test is skipped before Java 21.
 */
class ThreadLocalPoolUnderVirtualThreadsTest {

  private static final int TASKS = 10_000;

  @Tag("virtual-threads") // left out on JDK 17 to 20 by the parent POM
  @Test
  // ThreadPriorityCheck: Thread.yield only encourages interleaving; no result depends on it.
  @SuppressWarnings("ThreadPriorityCheck")
  void tenThousandVirtualThreadsLeaveTheCachedBytesExactlyWhereThePlatformThreadLeftThem()
      throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
    ChunkPool pool = Pools.fresh("thread-local", ChunkPoolContractTest.BOUND);
    // The platform thread running the test gets a cache, and keeps one buffer in it.
    pool.release(pool.acquire(1024));
    PoolStats before = pool.stats();
    assertEquals(1024, before.pooledBytes());

    AtomicReference<Throwable> failure = new AtomicReference<>();
    ExecutorService executor =
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    for (int i = 0; i < TASKS; i++) {
      long token = i;
      executor.execute(
          () -> {
            try {
              ByteBuffer a = pool.acquire(1024);
              ByteBuffer b = pool.acquire(8 * 1024);
              a.putLong(0, token);
              b.putLong(0, ~token);
              // Let other virtual threads run on this carrier between acquire and release.
              Thread.yield();
              if (a.getLong(0) != token || b.getLong(0) != ~token) {
                throw new AssertionError("buffer shared between virtual threads");
              }
              pool.release(b);
              pool.release(a);
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            }
          });
    }
    executor.shutdown();
    assertTrue(executor.awaitTermination(60, TimeUnit.SECONDS), "tasks did not finish");
    assertNull(failure.get(), () -> "a task failed: " + failure.get());

    PoolStats change = Pools.since(before, pool.stats());
    assertEquals(2L * TASKS, change.acquired());
    assertEquals(2L * TASKS, change.released());
    assertEquals(0, change.hits(), "a virtual thread was served from a per-thread cache");
    assertEquals(2L * TASKS, change.misses());
    assertEquals(1024, change.pooledBytes(), "virtual threads added per-thread cached bytes");
    assertTrue(change.pooledBytes() <= ChunkPoolContractTest.BOUND);
  }
}
