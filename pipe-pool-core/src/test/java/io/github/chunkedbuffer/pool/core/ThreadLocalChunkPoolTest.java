package io.github.chunkedbuffer.pool.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.lang.ref.Cleaner;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ThreadLocalChunkPoolTest {

  private static final int MIB = 1 << 20;

  private final RecordingPool delegate = new RecordingPool();

  private ThreadLocalChunkPool pool(long bytesPerThread, int maxCaches) {
    return new ThreadLocalChunkPool(delegate, bytesPerThread, maxCaches);
  }

  private ThreadLocalChunkPool pool() {
    return pool(MIB, 16);
  }

  @Test
  void secondAcquireOnTheSameThreadIsServedFromItsCacheWithoutAskingTheDelegate() {
    ThreadLocalChunkPool pool = pool();
    ByteBuffer first = pool.acquire(1000);
    assertEquals(1024, first.capacity());
    pool.release(first);
    assertEquals(1024, pool.stats().pooledBytes());
    assertFalse(delegate.gotBack(first), "a buffer with room in the cache stays in the cache");
    assertSame(first, pool.acquire(700));
    assertEquals(new PoolStats(2, 1, 1, 0, 1, 1), pool.stats());
    assertEquals(1, delegate.stats().acquired());
  }

  @Test
  void cacheHitComesBackBigEndianAtPositionZeroWithFullLimit() {
    ThreadLocalChunkPool pool = pool();
    ByteBuffer b = pool.acquire(512);
    b.order(ByteOrder.LITTLE_ENDIAN).position(5).limit(6);
    pool.release(b);
    ByteBuffer again = pool.acquire(512);
    assertSame(b, again);
    assertEquals(ByteOrder.BIG_ENDIAN, again.order());
    assertEquals(0, again.position());
    assertEquals(512, again.limit());
  }

  @Test
  void oversizeRequestsGoStraightToTheDelegateBothWays() {
    ThreadLocalChunkPool pool = pool();
    ByteBuffer big = pool.acquire(4 * MIB + 1);
    assertEquals(4 * MIB + 1, big.capacity());
    pool.release(big);
    assertTrue(delegate.gotBack(big));
    assertEquals(new PoolStats(1, 1, 0, 0, 0, 1), pool.stats());
  }

  @Test
  void cacheKeepsAtMostEightBuffersPerClassAndReturnsTheRestToTheDelegate() {
    ThreadLocalChunkPool pool = pool();
    List<ByteBuffer> held = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      held.add(pool.acquire(512));
    }
    held.forEach(pool::release);
    assertEquals(ThreadLocalChunkPool.DEPTH * 512L, pool.stats().pooledBytes());
    assertEquals(3, delegate.stats().released());
    assertEquals(11, pool.stats().released());
  }

  @Test
  void cacheNeverHoldsMoreThanItsByteBudget() {
    ThreadLocalChunkPool pool = pool(4096, 4);
    List<ByteBuffer> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(pool.acquire(2048));
    }
    held.add(pool.acquire(8192));
    held.forEach(pool::release);
    assertEquals(4096, pool.stats().pooledBytes());
    assertEquals(2, delegate.stats().released(), "one 2 KiB buffer over budget, the 8 KiB class never fits");
  }

  @Test
  void bufferAcquiredOnOneThreadAndReleasedOnAnotherGoesToTheReleasersCache() throws Exception {
    ThreadLocalChunkPool pool = pool();
    AtomicReference<ByteBuffer> lent = new AtomicReference<>();
    Thread acquirer = new Thread(() -> lent.set(pool.acquire(2048)));
    acquirer.start();
    acquirer.join();
    ByteBuffer b = lent.get();
    pool.release(b);
    assertFalse(delegate.gotBack(b));
    assertSame(b, pool.acquire(2048), "the releasing thread's cache now holds it");
    assertEquals(1, pool.stats().hits());
  }

  @Test
  void deadThreadsCachedBuffersReturnToTheDelegateWhenSwept() throws Exception {
    ThreadLocalChunkPool pool = pool();
    List<ByteBuffer> cachedByWorker = new ArrayList<>();
    Thread worker =
        new Thread(
            () -> {
              List<ByteBuffer> held = List.of(pool.acquire(512), pool.acquire(1024), pool.acquire(4096));
              cachedByWorker.addAll(held);
              held.forEach(pool::release);
            });
    worker.start();
    worker.join();
    assertEquals(512 + 1024 + 4096, pool.stats().pooledBytes());
    assertEquals(1, pool.cacheCount());

    pool.reclaimDeadThreads();

    assertEquals(0, pool.stats().pooledBytes());
    assertEquals(0, pool.cacheCount());
    for (ByteBuffer b : cachedByWorker) {
      assertTrue(delegate.gotBack(b), "dead thread's buffer returned: " + b);
    }
    assertEquals(3, delegate.stats().released());
    assertEquals(new PoolStats(3, 3, 0, 0, 0, 3), pool.stats());
  }

  @Test
  void newThreadRegisteringSweepsTheCachesOfDeadThreads() throws Exception {
    ThreadLocalChunkPool pool = pool(MIB, 1);
    runOnNewThread(() -> pool.release(pool.acquire(512)));
    assertEquals(512, pool.stats().pooledBytes());
    // The only cache slot is taken by a dead thread; the next thread's registration frees it.
    runOnNewThread(() -> pool.release(pool.acquire(1024)));
    assertEquals(1024, pool.stats().pooledBytes());
    assertEquals(1, pool.cacheCount());
    assertEquals(1, delegate.stats().released());
  }

  @Test
  void collectedThreadsCacheReturnsToTheDelegateOnALaterTripToTheDelegate() throws Exception {
    ThreadLocalChunkPool pool = pool();
    runOnNewThread(() -> pool.release(pool.acquire(512)));
    assertEquals(512, pool.stats().pooledBytes());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (pool.cacheCount() > 0 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(10);
      // An oversize request always goes to the delegate, which polls the reference queue.
      pool.release(pool.acquire(4 * MIB + 1));
    }
    assertEquals(0, pool.cacheCount(), "the collected thread's cache was retired");
    assertEquals(0, pool.stats().pooledBytes());
  }

  /** Set by a task the first time it runs on a thread, to see whether the thread erased it. */
  private static final ThreadLocal<Boolean> PROBE = new ThreadLocal<>();

  /** A task's view of its thread: which one, and whether its ThreadLocals were erased before. */
  private record Visit(Thread thread, boolean erased) {}

  /** Runs {@code task} on its thread and records the visit; the probe tells a wiped map. */
  private static Visit visit(Runnable task) {
    Thread thread = Thread.currentThread();
    boolean erased = PROBE.get() == null;
    PROBE.set(Boolean.TRUE);
    task.run();
    return new Visit(thread, erased);
  }

  /**
   * Asserts what a thread that erases its ThreadLocals between tasks must still get from the pool:
   * one cache per thread, which its later tasks hit.
   */
  private static void assertErasingThreadsKeptOneCacheEach(
      ThreadLocalChunkPool pool, List<Visit> visits) {
    Set<Thread> threads = Collections.newSetFromMap(new IdentityHashMap<>());
    int erasedRevisits = 0;
    for (Visit v : visits) {
      if (!threads.add(v.thread()) && v.erased()) {
        erasedRevisits++;
      }
    }
    assertTrue(
        erasedRevisits > 0,
        "no thread came back with its ThreadLocals erased, so this test shows nothing: " + visits);
    assertEquals(threads.size(), pool.cacheCount(), "one cache per thread, however often erased");
    PoolStats stats = pool.stats();
    assertEquals(threads.size(), stats.misses(), "only each thread's first acquire misses: " + stats);
    assertEquals(visits.size() - threads.size(), stats.hits(), stats::toString);
    assertEquals(512L * threads.size(), stats.pooledBytes());
  }

  @Test
  void commonPoolWorkersThatEraseThreadLocalsBetweenTasksKeepOneCacheEachAndHitIt()
      throws Exception {
    // Two caches: without re-adoption the first two tasks would use them up, and every later task
    // would be refused one (hits = 0).
    ThreadLocalChunkPool pool = pool(MIB, 2);
    List<Visit> visits = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // A worker erases its ThreadLocals when it runs out of tasks, so let it first: a task
      // submitted while it still runs the last one would run in the same batch, unerased.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!ForkJoinPool.commonPool().isQuiescent()) {
        assertTrue(System.nanoTime() < deadline, "the common pool stayed busy for 20 s");
        Thread.sleep(1);
      }
      // execute(), not submit().get(): a waiting get() may run the task on this thread instead.
      CompletableFuture<Visit> done = new CompletableFuture<>();
      ForkJoinPool.commonPool()
          .execute(() -> done.complete(visit(() -> pool.release(pool.acquire(512)))));
      visits.add(done.get(20, TimeUnit.SECONDS));
    }
    assertErasingThreadsKeptOneCacheEach(pool, visits);
  }

  @Test
  void cleanerThreadThatErasesThreadLocalsBeforeEachActionKeepsOneCacheAndHitsIt()
      throws Exception {
    ThreadLocalChunkPool pool = pool(MIB, 2);
    Cleaner cleaner = Cleaner.create();
    List<Visit> visits = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      CompletableFuture<Visit> done = new CompletableFuture<>();
      cleaner.register(
          new Object(), () -> done.complete(visit(() -> pool.release(pool.acquire(512)))));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!done.isDone()) {
        assertTrue(System.nanoTime() < deadline, "the cleaner did not run within 20 s");
        System.gc();
        Thread.sleep(5);
      }
      visits.add(done.get());
    }
    assertErasingThreadsKeptOneCacheEach(pool, visits);
  }

  /** A thread that claims the id {@code id}, as only a subclass overriding getId() can. */
  @SuppressWarnings("deprecation") // overrides getId(), deprecated from JDK 19 on
  private static Thread threadWithId(long id, Runnable task) {
    return new Thread(task) {
      @Override
      public long getId() {
        return id;
      }
    };
  }

  @Test
  void aNewThreadWithADeadThreadsIdRetiresThatCacheInsteadOfAdoptingIt() throws Exception {
    ThreadLocalChunkPool pool = pool(MIB, 1);
    AtomicReference<ByteBuffer> first = new AtomicReference<>();
    Thread dead = threadWithId(Long.MAX_VALUE, () -> {
      first.set(pool.acquire(512));
      pool.release(first.get());
    });
    dead.start();
    dead.join();
    assertEquals(1, pool.cacheCount());

    AtomicReference<ByteBuffer> second = new AtomicReference<>();
    runOnThread(threadWithId(Long.MAX_VALUE, () -> {
      ByteBuffer b = pool.acquire(512);
      second.set(b);
      pool.release(b);
    }));
    assertTrue(delegate.gotBack(first.get()), "the dead thread's cache went back to the delegate");
    assertEquals(0, pool.stats().hits(), "the newcomer was not handed the dead thread's cache");
    assertEquals(512, pool.stats().pooledBytes(), "the newcomer got the freed slot and cached");
    assertEquals(1, pool.cacheCount());
    assertEquals(1, delegate.stats().released());
  }

  @Test
  void aLiveThreadClaimingAnotherLiveThreadsIdGetsNoCacheAndLeavesTheOtherAlone()
      throws Exception {
    ThreadLocalChunkPool pool = pool(MIB, 4);
    CountDownLatch cached = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicReference<ByteBuffer> owners = new AtomicReference<>();
    AtomicReference<ByteBuffer> ownersAgain = new AtomicReference<>();
    Thread owner = threadWithId(Long.MAX_VALUE - 1, () -> {
      owners.set(pool.acquire(512));
      pool.release(owners.get());
      cached.countDown();
      try {
        finish.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ownersAgain.set(pool.acquire(512));
    });
    owner.start();
    assertTrue(cached.await(20, TimeUnit.SECONDS));
    AtomicReference<ByteBuffer> impostors = new AtomicReference<>();
    runOnThread(threadWithId(Long.MAX_VALUE - 1, () -> {
      impostors.set(pool.acquire(512));
      pool.release(impostors.get());
    }));
    assertNotSame(owners.get(), impostors.get());
    assertTrue(delegate.gotBack(impostors.get()), "no cache for the impostor: straight back");
    assertEquals(1, pool.cacheCount());
    finish.countDown();
    owner.join();
    assertSame(owners.get(), ownersAgain.get(), "the owner's cache is still its own");
    assertEquals(1, pool.stats().hits());
  }

  @Test
  void platformThreadsBeyondTheCacheBoundUseTheDelegateAndCachedBytesStayBounded() throws Exception {
    ThreadLocalChunkPool pool = pool(2048, 3);
    int threads = 10;
    CountDownLatch allCached = new CountDownLatch(threads);
    CountDownLatch finish = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                ByteBuffer a = pool.acquire(1024);
                ByteBuffer b = pool.acquire(1024);
                pool.release(a);
                pool.release(b);
                allCached.countDown();
                try {
                  finish.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      thread.setUncaughtExceptionHandler((th, e) -> failure.set(e));
      started.add(thread);
      thread.start();
    }
    assertTrue(allCached.await(10, TimeUnit.SECONDS));
    assertEquals(3, pool.cacheCount());
    assertEquals(3 * 2048, pool.stats().pooledBytes());
    finish.countDown();
    for (Thread t : started) {
      t.join();
    }
    assertNull(failure.get());
    assertEquals(new PoolStats(20, 20, 0, 3 * 2048, 0, 20), pool.stats());
  }

  @Tag("virtual-threads") // left out on JDK 17 to 20 by the parent POM
  @Test
  void virtualThreadsBypassTheCachesAndGoStraightToTheDelegate() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
    ThreadLocalChunkPool pool = pool();
    Method start = Thread.class.getMethod("startVirtualThread", Runnable.class);
    List<Thread> started = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < 1000; i++) {
      Runnable task =
          () -> {
            try {
              ByteBuffer b = pool.acquire(1024);
              b.putLong(0, 42);
              pool.release(b);
              pool.release(pool.acquire(1024));
            } catch (Throwable e) {
              failure.set(e);
            }
          };
      started.add((Thread) start.invoke(null, task));
    }
    for (Thread t : started) {
      t.join();
    }
    assertNull(failure.get());
    assertEquals(0, pool.cacheCount(), "no virtual thread got a cache");
    assertEquals(new PoolStats(2000, 2000, 0, 0, 0, 2000), pool.stats());
    assertEquals(2000, delegate.stats().released());
  }

  @Test
  void acquireOfLessThanOneByteIsRejectedAndChangesNothing() {
    ThreadLocalChunkPool pool = pool();
    pool.release(pool.acquire(512));
    PoolStats before = pool.stats();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.acquire(0));
    assertTrue(e.getMessage().contains("acquire(0)"), e::getMessage);
    assertEquals(before, pool.stats());
  }

  @Test
  void releaseOfDirectBufferWhenTheDelegateLendsHeapIsRejectedAndChangesNothing() {
    ThreadLocalChunkPool pool = pool();
    pool.release(pool.acquire(1024));
    PoolStats before = pool.stats();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.release(ByteBuffer.allocateDirect(1024)));
    assertTrue(e.getMessage().contains("only writable heap buffers"), e::getMessage);
    assertTrue(e.getMessage().contains("direct"), e::getMessage);
    assertEquals(before, pool.stats());
    assertEquals(0, delegate.stats().released());
  }

  @Test
  void releaseBeforeAnythingWasLentIsRejectedAndChangesNothing() {
    ThreadLocalChunkPool pool = pool();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.release(ByteBuffer.allocate(1024)));
    assertTrue(e.getMessage().contains("has not lent any buffer yet"), e::getMessage);
    assertEquals(new PoolStats(0, 0, 0, 0, 0, 0), pool.stats());
  }

  @Test
  void releaseOfReadOnlyBufferIsRejectedAndChangesNothing() {
    ThreadLocalChunkPool pool = pool();
    ByteBuffer b = pool.acquire(1024);
    PoolStats before = pool.stats();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.release(b.asReadOnlyBuffer()));
    assertTrue(e.getMessage().contains("read-only"), e::getMessage);
    assertEquals(before, pool.stats());
  }

  @Test
  void releaseOfCapacityThatIsNoSizeClassIsRefusedInTheThreadLocalPoolsNameAndChangesNothing() {
    ThreadLocalChunkPool pool = pool();
    pool.acquire(512);
    PoolStats before = pool.stats();
    PoolStats delegateBefore = delegate.stats();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.release(ByteBuffer.allocate(3000)));
    assertTrue(e.getMessage().contains("capacity 3000"), e::getMessage);
    assertTrue(e.getMessage().contains("the thread-local pool"), e::getMessage);
    assertFalse(e.getMessage().contains(delegate.name()), e::getMessage);
    assertEquals(before, pool.stats());
    assertEquals(delegateBefore, delegate.stats());
  }

  @Test
  void releaseOfCapacityThatIsNoSizeClassGoesToADelegateThatLendsSuchCapacities() {
    RoundingUpPool rounding = new RoundingUpPool();
    ThreadLocalChunkPool pool = new ThreadLocalChunkPool(rounding, MIB, 16);
    ByteBuffer exact = pool.acquire(512); // a size class first: the heap kind is known already
    ByteBuffer b = pool.acquire(1024);
    assertEquals(1024 + RoundingUpPool.EXTRA, b.capacity());
    pool.release(b);
    assertEquals(1, rounding.released, "the delegate's own capacity went back to it");
    pool.release(exact);
    assertEquals(new PoolStats(2, 2, 0, 512, 0, 2), pool.stats());
  }

  @Test
  void releaseTheDelegateRefusesLeavesTheDebugRecordAndTheCountersUnchanged() {
    RefusingPool refusing = new RefusingPool(delegate);
    // No caches, so that every release is passed on to the delegate.
    ThreadLocalChunkPool pool = new ThreadLocalChunkPool(refusing, MIB, 0, true);
    for (int size : new int[] {512, 4 * MIB + 1}) {
      ByteBuffer b = pool.acquire(size);
      PoolStats before = pool.stats();
      refusing.refuse = true;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.release(b));
      assertSame(RefusingPool.REFUSAL, e);
      assertEquals(before, pool.stats());
      assertFalse(delegate.gotBack(b));

      refusing.refuse = false;
      pool.release(b); // still lent by the record: not taken for a double release
      assertTrue(delegate.gotBack(b));
      IllegalArgumentException again =
          assertThrows(IllegalArgumentException.class, () -> pool.release(b));
      assertTrue(again.getMessage().contains("double release"), again::getMessage);
    }
    assertEquals(new PoolStats(2, 2, 0, 0, 0, 2), pool.stats());
  }

  @Test
  void releaseOfNullThrowsNullPointerExceptionAndChangesNothing() {
    ThreadLocalChunkPool pool = pool();
    pool.acquire(512);
    PoolStats before = pool.stats();
    assertThrows(NullPointerException.class, () -> pool.release(null));
    assertEquals(before, pool.stats());
  }

  @Test
  void zeroBudgetGivesNoThreadACache() {
    ThreadLocalChunkPool pool = pool(0, 0);
    ByteBuffer b = pool.acquire(512);
    pool.release(b);
    assertTrue(delegate.gotBack(b));
    assertEquals(0, pool.cacheCount());
    assertEquals(new PoolStats(1, 1, 0, 0, 0, 1), pool.stats());
  }

  /**
   * A delegate that lends {@link #EXTRA} bytes more than asked above 512, so those capacities are
   * no size class.
   */
  private static final class RoundingUpPool implements ChunkPool {
    static final int EXTRA = 24;
    int acquired;
    int released;

    @Override
    public ByteBuffer acquire(int minCapacity) {
      acquired++;
      return ByteBuffer.allocate(minCapacity > 512 ? minCapacity + EXTRA : minCapacity);
    }

    @Override
    public void release(ByteBuffer buffer) {
      released++;
    }

    @Override
    public String name() {
      return "rounding-up";
    }

    @Override
    public PoolStats stats() {
      return new PoolStats(acquired, released, acquired - released, 0, 0, acquired);
    }
  }

  /** A delegate that refuses every release with {@link #REFUSAL} while {@link #refuse} is set. */
  private static final class RefusingPool implements ChunkPool {
    @SuppressWarnings("StaticAssignmentOfThrowable") // one instance, so tests can assertSame it
    static final IllegalArgumentException REFUSAL =
        new IllegalArgumentException("release: the test delegate refuses");
    private final ChunkPool inner;
    boolean refuse;

    RefusingPool(ChunkPool inner) {
      this.inner = inner;
    }

    @Override
    public ByteBuffer acquire(int minCapacity) {
      return inner.acquire(minCapacity);
    }

    @Override
    public void release(ByteBuffer buffer) {
      if (refuse) {
        throw REFUSAL;
      }
      inner.release(buffer);
    }

    @Override
    public String name() {
      return "refusing";
    }

    @Override
    public PoolStats stats() {
      return inner.stats();
    }
  }

  private static void runOnNewThread(Runnable task) throws InterruptedException {
    runOnThread(new Thread(task));
  }

  /** Starts {@code t}, waits for it, and rethrows what it threw. */
  private static void runOnThread(Thread t) throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    t.setUncaughtExceptionHandler((th, e) -> failure.set(e));
    t.start();
    t.join();
    if (failure.get() != null) {
      throw new AssertionError("the thread failed", failure.get());
    }
  }
}
