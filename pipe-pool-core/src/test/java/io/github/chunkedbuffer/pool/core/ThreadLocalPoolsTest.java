package io.github.chunkedbuffer.pool.core;

import static io.github.chunkedbuffer.pool.core.SizeClassPoolsTest.withProperty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.ChunkPools;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public builder of the thread-local pools: settings, defaults, refusals, any delegate. */
class ThreadLocalPoolsTest {

  private static final String MAX_POOLED_BYTES = "io.github.chunkedbuffer.pool.maxPooledBytes";

  private static void releaseAll(ChunkPool pool, int size, int count) {
    List<ByteBuffer> lent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lent.add(pool.acquire(size));
    }
    lent.forEach(pool::release);
  }

  @Test
  void cacheKeepsAtMostBytesPerThreadAndPassesTheRestToTheDelegate() {
    ChunkPool delegate = SizeClassPools.heap().maxPooledBytes(1 << 20).stripes(1).build();
    ChunkPool pool = ThreadLocalPools.builder(delegate).bytesPerThread(8 << 10).maxCaches(4).build();
    releaseAll(pool, 4096, 5); // 20 KiB released into an 8 KiB cache
    assertEquals(8 << 10, pool.stats().pooledBytes());
    assertEquals(12 << 10, delegate.stats().pooledBytes(), "the overflow went to the delegate");
    ByteBuffer again = pool.acquire(4096);
    assertEquals(1, pool.stats().hits(), "served from this thread's cache");
    pool.release(again);
  }

  @Test
  void zeroCachesSendEverythingToTheDelegate() {
    ChunkPool delegate = SizeClassPools.heap().maxPooledBytes(1 << 20).build();
    ChunkPool pool = ThreadLocalPools.builder(delegate).maxCaches(0).build();
    releaseAll(pool, 4096, 3);
    releaseAll(pool, 4096, 3);
    assertEquals(0, pool.stats().hits());
    assertEquals(6, pool.stats().misses());
    assertEquals(0, pool.stats().pooledBytes());
  }

  @Test
  void anyPoolServesAsDelegateTheUnpooledOneOrOneOfYourOwn() {
    ChunkPool unpooled = ChunkPools.get(ChunkPools.UNPOOLED);
    ChunkPool pool = ThreadLocalPools.builder(unpooled).bytesPerThread(64 << 10).build();
    long before = unpooled.stats().acquired();
    ByteBuffer b = pool.acquire(1000);
    assertEquals(1024, b.capacity(), "rounded up to a size class before the delegate is asked");
    assertEquals(before + 1, unpooled.stats().acquired());
    pool.release(b);
    assertSame(b, pool.acquire(1024));
  }

  @Test
  void defaultsShareThePropertysBoundOutInOneMebibyteCaches() {
    ChunkPool delegate = SizeClassPools.heap().build();
    ChunkPool pool =
        withProperty(
            MAX_POOLED_BYTES, String.valueOf(3L << 20), () -> ThreadLocalPools.builder(delegate).build());
    assertTrue(pool.toString().contains("caches=0/3, bytesPerThread=1048576"), pool::toString);

    ChunkPool small =
        withProperty(MAX_POOLED_BYTES, "65536", () -> ThreadLocalPools.builder(delegate).build());
    assertTrue(small.toString().contains("caches=0/1, bytesPerThread=65536"), small::toString);

    ChunkPool perThread =
        withProperty(
            MAX_POOLED_BYTES,
            String.valueOf(1L << 20),
            () -> ThreadLocalPools.builder(delegate).bytesPerThread(256 << 10).build());
    assertTrue(perThread.toString().contains("caches=0/4, bytesPerThread=262144"), perThread::toString);
  }

  @Test
  void nameIsReportedInStatsMessagesAndToString() {
    ChunkPool pool =
        ThreadLocalPools.builder(SizeClassPools.heap().build()).name("per-worker").build();
    assertEquals("per-worker", pool.name());
    assertTrue(pool.toString().startsWith("ChunkPool[per-worker over heap"), pool::toString);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.release(ByteBuffer.allocate(1000)));
    assertTrue(e.getMessage().contains("per-worker"), e::getMessage);
  }

  @Test
  void negativeSettingsAreRefusedWithTheValueAndLeaveTheBuilderAsItWas() {
    ThreadLocalPools.Builder builder =
        ThreadLocalPools.builder(SizeClassPools.heap().build()).bytesPerThread(4096).maxCaches(2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder.bytesPerThread(-5));
    assertEquals("bytesPerThread(-5): must be >= 0 (0 keeps nothing)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> builder.maxCaches(-1));
    assertEquals("maxCaches(-1): must be >= 0 (0 keeps nothing)", e.getMessage());
    assertTrue(builder.build().toString().contains("caches=0/2, bytesPerThread=4096"));
  }

  @Test
  void nullDelegateIsRefused() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> ThreadLocalPools.builder(null));
    assertEquals("delegate", e.getMessage());
  }
}
