package io.github.chunkedbuffer.tests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.ChunkPools;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A platform thread that dies with buffers in its thread-local cache must not strand them: they go
 * back to the delegate, either when a new thread registers (the full sweep) or, with no new thread,
 * once the collector has cleared the dead thread and the pool next visits its delegate.
 */
class DeadThreadCachesTest {

  private static final int THREADS = 6;
  private static final int PER_THREAD = 4;
  private static final int SIZE = 8192;

  @Test
  void buffersCachedByThreadsThatDiedGoBackToTheDelegateWhenANewThreadArrives() throws Exception {
    ChunkPool pool = Reliability.freshPool("thread-local", 64L << 20, true);
    ChunkPool delegate = ChunkPools.get("heap");
    PoolStats delegateBefore = delegate.stats();
    fillCachesAndDie(pool);
    long cached = pool.stats().pooledBytes();
    assertEquals((long) THREADS * PER_THREAD * SIZE, cached, "each dead thread left its cache full");

    // A new platform thread registers a cache, which sweeps the dead ones first.
    Thread newcomer = new Thread(() -> pool.release(pool.acquire(512)));
    newcomer.start();
    newcomer.join();

    assertEquals(512, pool.stats().pooledBytes(), "only the newcomer's own buffer stays cached");
    PoolStats delegateChange = Reliability.since(delegateBefore, delegate.stats());
    assertEquals((long) THREADS * PER_THREAD, delegateChange.released(), "drained to the delegate");
    assertEquals(0, pool.stats().outstanding());
  }

  @Test
  void buffersCachedByThreadsThatDiedGoBackOnceTheCollectorClearsTheThreads() throws Exception {
    ChunkPool pool = Reliability.freshPool("thread-local", 64L << 20, false);
    fillCachesAndDie(pool);
    assertTrue(pool.stats().pooledBytes() > 0);

    // No new thread registers: only the reference queue can tell. A trip to the delegate (an
    // oversize acquire always is one) polls it and retires what the collector has cleared.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (pool.stats().pooledBytes() > 0) {
      if (System.nanoTime() > deadline) {
        fail("dead threads' caches still hold " + pool.stats().pooledBytes() + " bytes after 10 s");
      }
      System.gc();
      Thread.sleep(20);
      pool.release(pool.acquire(8 << 20)); // oversize: always goes to the delegate
    }
    assertEquals(0, pool.stats().outstanding());
  }

  @Test
  void commonPoolTasksThatEraseThreadLocalsDoNotUseUpTheCachesOfLaterThreads() throws Exception {
    // 4 MiB at 1 MiB a thread: four caches. Before the registry was keyed by thread, every task of
    // a common-pool worker (which erases its ThreadLocals between tasks) took one more.
    ChunkPool pool = Reliability.freshPool("thread-local", 4L << 20, false);
    for (int i = 0; i < 12; i++) {
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!ForkJoinPool.commonPool().isQuiescent()) { // a worker erases once out of work
        assertTrue(System.nanoTime() < deadline, "the common pool stayed busy for 20 s");
        Thread.sleep(1);
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      ForkJoinPool.commonPool()
          .execute(
              () -> {
                pool.release(pool.acquire(SIZE));
                done.complete(null);
              });
      done.get(20, TimeUnit.SECONDS);
    }
    assertTrue(pool.stats().hits() > 0, "the worker hit its cache again: " + pool.stats());

    long[] hits = new long[2];
    Thread newcomer =
        new Thread(
            () -> {
              hits[0] = pool.stats().hits();
              pool.release(pool.acquire(SIZE));
              pool.release(pool.acquire(SIZE));
              hits[1] = pool.stats().hits();
            });
    newcomer.start();
    newcomer.join();
    assertEquals(1, hits[1] - hits[0], "a new thread still got a cache and hit it");
    assertEquals(0, pool.stats().outstanding());
  }

  /** Starts threads that each acquire and release buffers (so they sit in its cache) and end. */
  private static void fillCachesAndDie(ChunkPool pool) throws InterruptedException {
    // All fill their caches before any ends: a thread that registered after another had died
    // would already sweep the dead one's cache.
    CountDownLatch filled = new CountDownLatch(THREADS);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread =
          new Thread(
              () -> {
                List<ByteBuffer> held = new ArrayList<>();
                for (int i = 0; i < PER_THREAD; i++) {
                  held.add(pool.acquire(SIZE));
                }
                held.forEach(pool::release);
                filled.countDown();
                try {
                  filled.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    threads.clear();
  }
}
