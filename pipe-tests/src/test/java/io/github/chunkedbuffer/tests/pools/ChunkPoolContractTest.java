package io.github.chunkedbuffer.tests.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChunkPool} promises, whatever it keeps. Each subclass supplies a pool and says
 * what kind of buffer it lends and whether it keeps buffers for reuse; the cases are all here.
 * Counters are compared as differences from a snapshot, so a shared pool works as well as a fresh one.
 */
abstract class ChunkPoolContractTest {

  /** The bound given to pools built for these tests. */
  static final long BOUND = 1 << 20;

  private static final int LARGEST_CLASS = 4 << 20;

  /** The pool under test, new for each case where the subclass can make one. */
  private ChunkPool pool;

  /** Returns the pool to test, bounded by {@link #BOUND} where it keeps anything. */
  abstract ChunkPool newPool();

  /** Whether the pool lends direct buffers. */
  abstract boolean lendsDirect();

  /** Whether a released buffer may be lent again. */
  abstract boolean keepsBuffers();

  @BeforeEach
  void createPool() {
    pool = newPool();
  }

  @Test
  void acquireLendsAtLeastTheAskedCapacityAtPositionZeroWithFullLimitAndBigEndian() {
    for (int asked : new int[] {1, 100, 511, 512, 513, 2048, 65_537, LARGEST_CLASS + 1}) {
      ByteBuffer b = pool.acquire(asked);
      String what = "acquire(" + asked + ") lent " + b;
      assertTrue(b.capacity() >= asked, what);
      assertEquals(0, b.position(), what);
      assertEquals(b.capacity(), b.limit(), what);
      assertEquals(ByteOrder.BIG_ENDIAN, b.order(), what);
      assertEquals(lendsDirect(), b.isDirect(), what);
      assertFalse(b.isReadOnly(), what);
      pool.release(b);
    }
  }

  @Test
  void acquireOfLessThanOneByteIsRejectedAndChangesNothing() {
    PoolStats before = pool.stats();
    for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.acquire(bad));
      assertTrue(e.getMessage().contains("acquire(" + bad + ")"), e::getMessage);
    }
    assertEquals(before, pool.stats());
  }

  @Test
  void releaseOfNullThrowsNullPointerExceptionAndChangesNothing() {
    pool.acquire(512);
    PoolStats before = pool.stats();
    assertThrows(NullPointerException.class, () -> pool.release(null));
    assertEquals(before, pool.stats());
  }

  @Test
  void releaseOfAReadOnlyViewIsRejectedAndChangesNothing() {
    ByteBuffer b = pool.acquire(1024);
    PoolStats before = pool.stats();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.release(b.asReadOnlyBuffer()));
    assertTrue(e.getMessage().contains("read-only"), e::getMessage);
    assertEquals(before, pool.stats());
    pool.release(b);
  }

  @Test
  void releaseOfTheOtherKindOfBufferIsRejectedAndChangesNothing() {
    pool.release(pool.acquire(1024));
    ByteBuffer foreign = lendsDirect() ? ByteBuffer.allocate(1024) : ByteBuffer.allocateDirect(1024);
    PoolStats before = pool.stats();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.release(foreign));
    String wanted = lendsDirect() ? "only writable direct buffers" : "only writable heap buffers";
    assertTrue(e.getMessage().contains(wanted), e::getMessage);
    assertEquals(before, pool.stats());
  }

  @Test
  void bufferIsLentBigEndianAtPositionZeroEvenAfterItsLastHolderChangedThat() {
    ByteBuffer b = pool.acquire(700);
    b.order(ByteOrder.LITTLE_ENDIAN).position(10).limit(20);
    pool.release(b);
    ByteBuffer next = pool.acquire(700);
    assertEquals(ByteOrder.BIG_ENDIAN, next.order());
    assertEquals(0, next.position());
    assertEquals(next.capacity(), next.limit());
  }

  @Test
  void releasedBufferIsLentAgainOnlyByAPoolThatKeepsBuffers() {
    ByteBuffer b = pool.acquire(4096);
    pool.release(b);
    PoolStats before = pool.stats();
    ByteBuffer next = pool.acquire(4096);
    PoolStats change = Pools.since(before, pool.stats());
    if (keepsBuffers()) {
      assertSame(b, next);
      assertEquals(1, change.hits());
    } else {
      assertNotSame(b, next);
      assertEquals(0, change.hits());
      assertEquals(1, change.misses());
    }
  }

  @Test
  void buffersLentAtTheSameTimeAreDistinctAndDoNotShareMemory() {
    Random random = new Random(7);
    List<ByteBuffer> held = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      ByteBuffer b = pool.acquire(1 + random.nextInt(20_000));
      for (int j = 0; j < b.capacity(); j++) {
        b.put(j, (byte) i);
      }
      held.add(b);
    }
    Set<ByteBuffer> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    distinct.addAll(held);
    assertEquals(64, distinct.size());
    for (int i = 0; i < held.size(); i++) {
      ByteBuffer b = held.get(i);
      for (int j = 0; j < b.capacity(); j++) {
        assertEquals((byte) i, b.get(j), "buffer " + i + " was overwritten at " + j);
      }
    }
    held.forEach(pool::release);
  }

  @Test
  void statsCountEveryAcquireAndReleaseExactly() {
    PoolStats before = pool.stats();
    List<ByteBuffer> held = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      held.add(pool.acquire(512 * (i + 1)));
    }
    for (int i = 0; i < 7; i++) {
      pool.release(held.get(i));
    }
    pool.release(pool.acquire(512));
    PoolStats change = Pools.since(before, pool.stats());
    assertEquals(11, change.acquired());
    assertEquals(8, change.released());
    assertEquals(3, change.outstanding());
    assertEquals(change.acquired(), change.hits() + change.misses());
    if (!keepsBuffers()) {
      assertEquals(0, change.pooledBytes());
    }
  }

  @Test
  void pooledBytesStayWithinTheBoundHoweverMuchIsReleased() {
    List<ByteBuffer> held = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      held.add(pool.acquire(64 * 1024));
    }
    for (ByteBuffer b : held) {
      pool.release(b);
      assertTrue(pool.stats().pooledBytes() <= BOUND, () -> pool.stats().toString());
    }
    if (!keepsBuffers()) {
      assertEquals(0, pool.stats().pooledBytes());
    }
  }

  @Test
  void oversizeBufferIsNeverKept() {
    PoolStats before = pool.stats();
    ByteBuffer big = pool.acquire(LARGEST_CLASS + 1);
    pool.release(big);
    assertEquals(before.pooledBytes(), pool.stats().pooledBytes());
    assertNotSame(big, pool.acquire(LARGEST_CLASS + 1));
  }

  @Test
  void concurrentAcquireAndReleaseNeverLendOneBufferToTwoHoldersAndKeepExactStats() throws Exception {
    int threads = 4;
    int iterations = 50_000;
    PoolStats before = pool.stats();
    ConcurrentHashMap<Held, Long> owners = new ConcurrentHashMap<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                  churn(id, iterations, owners);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "pool-stress-" + t);
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    assertNull(failure.get(), () -> "a worker failed: " + failure.get());
    assertTrue(owners.isEmpty());
    PoolStats change = Pools.since(before, pool.stats());
    assertEquals((long) threads * iterations, change.acquired());
    assertEquals(change.acquired(), change.released());
    assertEquals(0, change.outstanding());
    assertEquals(change.acquired(), change.hits() + change.misses());
    assertTrue(change.pooledBytes() <= BOUND, change::toString);
    if (keepsBuffers()) {
      assertTrue(change.hits() > 0, "a pool that keeps buffers reused none: " + change);
    }
  }

  /**
   * One stress worker: acquires random sizes, holds up to eight buffers, stamps each with a token
   * unique to this holder and checks it is intact before giving the buffer back.
   */
  private void churn(int id, int iterations, ConcurrentHashMap<Held, Long> owners) {
    Random random = new Random(id);
    ArrayDeque<ByteBuffer> held = new ArrayDeque<>();
    long acquired = 0;
    while (acquired < iterations || !held.isEmpty()) {
      boolean take = acquired < iterations && (held.isEmpty() || (held.size() < 8 && random.nextBoolean()));
      if (take) {
        ByteBuffer b = pool.acquire(16 + random.nextInt(16 * 1024));
        long token = ((long) id << 32) | acquired++;
        Long previous = owners.putIfAbsent(new Held(b), token);
        if (previous != null) {
          throw new AssertionError("buffer lent to holder " + token + " while " + previous + " holds it");
        }
        b.putLong(0, token);
        b.putLong(b.capacity() - 8, token);
        held.addLast(b);
      } else {
        ByteBuffer b = random.nextBoolean() ? held.pollFirst() : held.pollLast();
        Long token = owners.get(new Held(b));
        if (token == null || b.getLong(0) != token || b.getLong(b.capacity() - 8) != token) {
          throw new AssertionError("buffer changed while held: token " + token + ", found "
              + b.getLong(0) + " and " + b.getLong(b.capacity() - 8));
        }
        owners.remove(new Held(b));
        pool.release(b);
      }
    }
  }

  /** A map key that compares buffers by identity (ByteBuffer's own equals compares content). */
  private static final class Held {
    private final ByteBuffer buffer;

    Held(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    @SuppressWarnings("ReferenceEquality") // identity is the point: two holders of one buffer
    public boolean equals(Object o) {
      return o instanceof Held other && other.buffer == buffer;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(buffer);
    }
  }
}
