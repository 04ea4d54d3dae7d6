package io.github.chunkedbuffer.pool.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.ChunkPools;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The public builder of the size-class pools: settings, defaults, refusals. */
class SizeClassPoolsTest {

  private static final String MAX_POOLED_BYTES = "io.github.chunkedbuffer.pool.maxPooledBytes";
  private static final String DEBUG = "io.github.chunkedbuffer.debug";

  /** Runs {@code action} with the system property {@code key} set to {@code value}. */
  static <T> T withProperty(String key, String value, Supplier<T> action) {
    String before = System.getProperty(key);
    System.setProperty(key, value);
    try {
      return action.get();
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }

  /** Acquires {@code count} buffers of {@code size} and releases them all; returns the pool. */
  private static ChunkPool cycle(ChunkPool pool, int size, int count) {
    List<ByteBuffer> lent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lent.add(pool.acquire(size));
    }
    lent.forEach(pool::release);
    return pool;
  }

  @Test
  void heapBuilderMakesAHeapPoolThatKeepsAtMostItsBound() {
    ChunkPool pool = SizeClassPools.heap().maxPooledBytes(64 << 10).stripes(1).build();
    assertEquals("heap", pool.name());
    ByteBuffer first = pool.acquire(16 << 10);
    assertFalse(first.isDirect());
    pool.release(first);
    cycle(pool, 16 << 10, 10); // 160 KiB released into a 64 KiB bound
    assertEquals(64 << 10, pool.stats().pooledBytes());
    assertEquals(0, pool.stats().outstanding());
  }

  @Test
  void directBuilderMakesADirectPool() {
    ChunkPool pool = SizeClassPools.direct().maxPooledBytes(1 << 20).build();
    assertEquals("direct", pool.name());
    ByteBuffer b = pool.acquire(600);
    assertTrue(b.isDirect());
    assertEquals(1024, b.capacity());
    pool.release(b);
    assertSame(b, pool.acquire(1024), "the released buffer is lent again");
  }

  @Test
  void zeroBoundKeepsNothing() {
    ChunkPool pool = SizeClassPools.heap().maxPooledBytes(0).build();
    cycle(pool, 4096, 3);
    assertEquals(0, pool.stats().pooledBytes());
    assertEquals(0, pool.stats().hits());
  }

  @Test
  void nameIsReportedAndRegistersNothing() {
    List<String> before = ChunkPools.names();
    ChunkPool pool = SizeClassPools.heap().name("requests").build();
    assertEquals("requests", pool.name());
    assertEquals(before, ChunkPools.names());
    assertThrows(IllegalArgumentException.class, () -> ChunkPools.get("requests"));
  }

  @Test
  void eachBuildMakesAnIndependentPool() {
    SizeClassPools.Builder builder = SizeClassPools.heap().maxPooledBytes(1 << 20);
    ChunkPool first = builder.build();
    ChunkPool second = builder.build();
    assertNotSame(first, second);
    first.release(first.acquire(4096));
    assertEquals(4096, first.stats().pooledBytes());
    assertEquals(0, second.stats().pooledBytes());
  }

  @Test
  void negativeBoundIsRefusedWithTheValueAndLeavesTheBuilderAsItWas() {
    SizeClassPools.Builder builder = SizeClassPools.heap().maxPooledBytes(4096).stripes(1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder.maxPooledBytes(-1));
    assertEquals("maxPooledBytes(-1): must be >= 0 (0 keeps nothing)", e.getMessage());
    ChunkPool pool = cycle(builder.build(), 4096, 2);
    assertEquals(4096, pool.stats().pooledBytes(), "the bound set before the refusal holds");
  }

  @Test
  void stripesMustBeAPowerOfTwoFromOneToSixteen() {
    SizeClassPools.Builder builder = SizeClassPools.heap();
    for (int bad : new int[] {0, -2, 3, 12, 32}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> builder.stripes(bad));
      assertEquals(
          "stripes(" + bad + "): the number of stripes must be a power of two from 1 to 16",
          e.getMessage());
    }
    for (int good : new int[] {1, 2, 4, 8, 16}) {
      assertTrue(builder.stripes(good).build().toString().contains("stripes=" + good));
    }
  }

  @Test
  void blankOrNullNameIsRefused() {
    SizeClassPools.Builder builder = SizeClassPools.direct();
    assertThrows(NullPointerException.class, () -> builder.name(null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.name(" "));
    assertTrue(e.getMessage().contains("name(\" \")"), e::getMessage);
    assertEquals("direct", builder.build().name(), "the name is unchanged");
  }

  @Test
  void unsetBoundFollowsThePropertyAndAnExplicitBoundWins() {
    ChunkPool byProperty =
        withProperty(MAX_POOLED_BYTES, "8192", () -> SizeClassPools.heap().stripes(1).build());
    cycle(byProperty, 4096, 4);
    assertEquals(8192, byProperty.stats().pooledBytes());

    ChunkPool explicit =
        withProperty(
            MAX_POOLED_BYTES,
            "8192",
            () -> SizeClassPools.heap().maxPooledBytes(16384).stripes(1).build());
    cycle(explicit, 4096, 4);
    assertEquals(16384, explicit.stats().pooledBytes());
  }

  @Test
  void invalidPropertyFailsTheBuildNamingPropertyAndValueUnlessTheBoundIsSet() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> withProperty(MAX_POOLED_BYTES, "64MB", () -> SizeClassPools.heap().build()));
    assertTrue(e.getMessage().contains(MAX_POOLED_BYTES + "='64MB'"), e::getMessage);
    ChunkPool pool =
        withProperty(MAX_POOLED_BYTES, "64MB", () -> SizeClassPools.heap().maxPooledBytes(0).build());
    assertEquals(0, pool.stats().pooledBytes());
  }

  @Test
  void debugChecksFollowThePropertyUnlessSet() {
    ChunkPool byProperty = withProperty(DEBUG, "true", () -> SizeClassPools.heap().build());
    ByteBuffer b = byProperty.acquire(512);
    byProperty.release(b);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> byProperty.release(b));
    assertTrue(e.getMessage().contains("double release"), e::getMessage);

    ChunkPool off = withProperty(DEBUG, "true", () -> SizeClassPools.heap().debug(false).build());
    assertFalse(off.toString().contains("debug"), off::toString);
    ChunkPool on = SizeClassPools.heap().debug(true).build();
    assertTrue(on.toString().contains("debug"), on::toString);
  }

  @Test
  void defaultStripesIsAPowerOfTwoUpToSixteen() {
    int stripes = SizeClassPools.defaultStripes();
    assertTrue(stripes >= 1 && stripes <= SizeClassPools.MAX_STRIPES, "stripes " + stripes);
    assertEquals(1, Integer.bitCount(stripes));
  }
}
