package io.github.chunkedbuffer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.PoolStats;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class CountingChunkPoolTest {

  private final CountingChunkPool pool = new CountingChunkPool("counting", 100);

  @Test
  void lendsWritableHeapBuffersOfExactlyTheAskedCapacity() {
    ByteBuffer b = pool.acquire(40);
    assertEquals(40, b.capacity());
    assertEquals(0, b.position());
    assertEquals(40, b.limit());
    assertFalse(b.isDirect());
    assertFalse(b.isReadOnly());
    assertEquals(40, pool.lentBytes());
  }

  @Test
  void countsAcquisitionsReleasesAndThePeak() {
    ByteBuffer a = pool.acquire(30);
    ByteBuffer b = pool.acquire(50);
    pool.release(a);
    assertEquals(new PoolStats(2, 1, 1, 0, 0, 2), pool.stats());
    assertEquals(50, pool.lentBytes());
    assertEquals(80, pool.peakLentBytes());
    pool.release(b);
    assertEquals(0, pool.lentBytes());
    assertEquals(0, pool.stats().outstanding());
  }

  @Test
  void refusesToLendBeyondItsLimitAndStaysUsable() {
    ByteBuffer a = pool.acquire(60);
    OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> pool.acquire(41));
    assertTrue(e.getMessage().contains("limit of 100 (60 lent now)"), e.getMessage());
    assertEquals(1, pool.stats().acquired());
    assertEquals(60, pool.lentBytes());
    pool.release(a);
    assertEquals(100, pool.acquire(100).capacity());
  }

  @Test
  void rejectsForeignAndDoubleReleasesLeavingTheCountsAlone() {
    ByteBuffer a = pool.acquire(10);
    assertThrows(IllegalArgumentException.class, () -> pool.release(ByteBuffer.allocate(10)));
    pool.release(a);
    PoolStats after = pool.stats();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.release(a));
    assertTrue(e.getMessage().contains("released already"), e.getMessage());
    assertEquals(after, pool.stats());
    assertEquals(0, pool.lentBytes());
  }

  @Test
  void rejectsCapacityBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> pool.acquire(0));
    assertEquals(0, pool.stats().acquired());
  }
}
