package io.github.chunkedbuffer.pool.heap;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import io.github.chunkedbuffer.pool.core.SizeClassPools;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HeapChunkPoolTest {

  private static final int MIB = 1 << 20;

  private static final String MAX_POOLED_BYTES_PROPERTY =
      "io.github.chunkedbuffer.pool.maxPooledBytes";

  private static ChunkPool pool(long maxPooledBytes, int stripes) {
    return SizeClassPools.heap().maxPooledBytes(maxPooledBytes).stripes(stripes).build();
  }

  private static ChunkPool pool() {
    return pool(64L * MIB, 1);
  }

  @Test
  void acquireRoundsUpToThePowerOfTwoSizeClassesFrom512BytesTo4MiB() {
    ChunkPool pool = pool();
    int[][] askedAndLent = {
      {1, 512}, {511, 512}, {512, 512}, {513, 1024}, {4096, 4096}, {4097, 8192},
      {256 * 1024 + 1, 512 * 1024}, {4 * MIB - 1, 4 * MIB}, {4 * MIB, 4 * MIB}
    };
    for (int[] pair : askedAndLent) {
      ByteBuffer b = pool.acquire(pair[0]);
      assertEquals(pair[1], b.capacity(), "capacity lent for acquire(" + pair[0] + ")");
      pool.release(b);
    }
  }

  @Test
  void acquireAboveTheLargestClassAllocatesExactlyTheRequestedCapacity() {
    ByteBuffer b = pool().acquire(4 * MIB + 1);
    assertEquals(4 * MIB + 1, b.capacity());
  }

  @Test
  void acquiredBufferIsAWholeHeapArrayAtPositionZeroWithFullLimitAndBigEndian() {
    ByteBuffer b = pool().acquire(1000);
    assertAll(
        () -> assertFalse(b.isDirect()),
        () -> assertFalse(b.isReadOnly()),
        () -> assertEquals(0, b.position()),
        () -> assertEquals(b.capacity(), b.limit()),
        () -> assertEquals(0, b.arrayOffset()),
        () -> assertEquals(b.capacity(), b.array().length),
        () -> assertEquals(ByteOrder.BIG_ENDIAN, b.order()));
  }

  @Test
  void releasedBufferIsLentAgainAsAHit() {
    ChunkPool pool = pool();
    ByteBuffer first = pool.acquire(2000);
    pool.release(first);
    assertEquals(2048, pool.stats().pooledBytes());
    ByteBuffer second = pool.acquire(1500);
    assertSame(first, second);
    assertEquals(new PoolStats(2, 1, 1, 0, 1, 1), pool.stats());
  }

  @Test
  void reusedBufferComesBackBigEndianAtPositionZeroWithFullLimit() {
    ChunkPool pool = pool();
    ByteBuffer b = pool.acquire(600);
    b.order(ByteOrder.LITTLE_ENDIAN).position(17).limit(100);
    pool.release(b);
    ByteBuffer again = pool.acquire(600);
    assertSame(b, again);
    assertEquals(ByteOrder.BIG_ENDIAN, again.order());
    assertEquals(0, again.position());
    assertEquals(again.capacity(), again.limit());
  }

  @Test
  void oversizeBufferIsCountedOnReleaseButNeverKept() {
    ChunkPool pool = pool();
    ByteBuffer big = pool.acquire(5 * MIB);
    pool.release(big);
    assertEquals(new PoolStats(1, 1, 0, 0, 0, 1), pool.stats());
    assertNotSame(big, pool.acquire(5 * MIB));
    assertEquals(2, pool.stats().misses());
  }

  @Test
  void pooledBytesNeverExceedTheCapAndOverflowIsDropped() {
    ChunkPool pool = pool(8192, 1);
    List<ByteBuffer> held = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      held.add(pool.acquire(1024));
    }
    for (ByteBuffer b : held) {
      pool.release(b);
      assertTrue(pool.stats().pooledBytes() <= 8192, () -> "pooled " + pool.stats());
    }
    assertEquals(8192, pool.stats().pooledBytes());
    assertEquals(12, pool.stats().released());
  }

  @Test
  void capIsSplitBetweenStripesAndStillNeverExceeded() {
    ChunkPool pool = pool(16 * 1024, 4);
    List<Thread> threads = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                List<ByteBuffer> held = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                  held.add(pool.acquire(512 << (i % 4)));
                }
                held.forEach(pool::release);
              });
      thread.setUncaughtExceptionHandler((th, e) -> failure.set(e));
      threads.add(thread);
      thread.start();
    }
    threads.forEach(HeapChunkPoolTest::join);
    assertEquals(null, failure.get());
    PoolStats stats = pool.stats();
    assertTrue(stats.pooledBytes() <= 16 * 1024, stats::toString);
    assertEquals(160, stats.acquired());
    assertEquals(160, stats.released());
  }

  @Test
  void zeroCapKeepsNothing() {
    ChunkPool pool = pool(0, 1);
    ByteBuffer b = pool.acquire(512);
    pool.release(b);
    assertNotSame(b, pool.acquire(512));
    assertEquals(new PoolStats(2, 1, 1, 0, 0, 2), pool.stats());
  }

  @Test
  void bufferReleasedOnAnotherThreadIsFoundByTheNextAcquirer() throws Exception {
    ChunkPool pool = pool(64L * MIB, 16);
    ByteBuffer b = pool.acquire(4096);
    Thread other = new Thread(() -> pool.release(b));
    other.start();
    other.join();
    assertSame(b, pool.acquire(4096), "acquire looks in every stripe before it allocates");
    assertEquals(1, pool.stats().hits());
  }

  @Test
  void acquireOfLessThanOneByteIsRejectedAndChangesNothing() {
    ChunkPool pool = pool();
    pool.release(pool.acquire(512));
    PoolStats before = pool.stats();
    for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.acquire(bad));
      assertTrue(e.getMessage().contains("acquire(" + bad + ")"), e::getMessage);
      assertTrue(e.getMessage().contains("at least 1"), e::getMessage);
    }
    assertEquals(before, pool.stats());
  }

  @Test
  void releaseOfDirectBufferIntoHeapPoolIsRejectedAndChangesNothing() {
    ChunkPool pool = pool();
    pool.release(pool.acquire(1024));
    PoolStats before = pool.stats();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.release(ByteBuffer.allocateDirect(1024)));
    assertTrue(e.getMessage().contains("only writable heap buffers"), e::getMessage);
    assertTrue(e.getMessage().contains("direct"), e::getMessage);
    assertEquals(before, pool.stats());
  }

  @Test
  void releaseOfReadOnlyBufferIsRejectedAndChangesNothing() {
    ChunkPool pool = pool();
    ByteBuffer b = pool.acquire(1024);
    PoolStats before = pool.stats();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.release(b.asReadOnlyBuffer()));
    assertTrue(e.getMessage().contains("read-only"), e::getMessage);
    assertEquals(before, pool.stats());
    pool.release(b);
    assertEquals(1, pool.stats().released());
  }

  @Test
  void releaseOfCapacityThatNoAcquireProducesIsRejectedAndChangesNothing() {
    ChunkPool pool = pool();
    PoolStats before = pool.stats();
    for (int capacity : new int[] {3000, 256, 1, 4 * MIB - 2}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> pool.release(ByteBuffer.allocate(capacity)));
      assertTrue(e.getMessage().contains("capacity " + capacity), e::getMessage);
      assertTrue(e.getMessage().contains("powers of two from 512 to 4194304"), e::getMessage);
    }
    assertEquals(before, pool.stats());
  }

  @Test
  void releaseOfASliceIsRejectedAndChangesNothing() {
    ChunkPool pool = pool();
    ByteBuffer b = pool.acquire(2048);
    ByteBuffer slice = b.position(1024).slice();
    PoolStats before = pool.stats();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.release(slice));
    assertTrue(e.getMessage().contains("slice"), e::getMessage);
    assertEquals(before, pool.stats());
  }

  @Test
  void releaseOfNullThrowsNullPointerExceptionAndChangesNothing() {
    ChunkPool pool = pool();
    pool.acquire(512);
    PoolStats before = pool.stats();
    assertThrows(NullPointerException.class, () -> pool.release(null));
    assertEquals(before, pool.stats());
  }

  @Test
  void providerIsNamedHeapWithPriority30AndCreatesAFreshPoolEachTime() {
    HeapChunkPoolProvider provider = new HeapChunkPoolProvider();
    assertEquals("heap", provider.name());
    assertEquals(30, provider.priority());
    ChunkPool a = provider.create();
    ChunkPool b = provider.create();
    assertNotSame(a, b);
    assertEquals("heap", a.name());
    a.acquire(1);
    assertEquals(0, b.stats().acquired());
  }

  @Test
  void maxPooledBytesPropertyBoundsAPoolCreatedByTheProvider() {
    ChunkPool pool = withProperty("4096", () -> new HeapChunkPoolProvider().create());
    List<ByteBuffer> held = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      held.add(pool.acquire(512));
    }
    held.forEach(pool::release);
    assertTrue(pool.stats().pooledBytes() <= 4096, () -> pool.stats().toString());
  }

  @Test
  void invalidMaxPooledBytesPropertyFailsNamingThePropertyAndTheValue() {
    for (String bad : new String[] {"lots", "-1", "64m", ""}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> withProperty(bad, () -> new HeapChunkPoolProvider().create()));
      assertTrue(e.getMessage().contains(MAX_POOLED_BYTES_PROPERTY), e::getMessage);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e::getMessage);
    }
  }

  private static <T> T withProperty(String value, java.util.function.Supplier<T> action) {
    String key = MAX_POOLED_BYTES_PROPERTY;
    String old = System.getProperty(key);
    System.setProperty(key, value);
    try {
      return action.get();
    } finally {
      if (old == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, old);
      }
    }
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
