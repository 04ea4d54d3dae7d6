package io.github.chunkedbuffer.pool.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;

class DirectChunkPoolTest {

  private static final int MIB = 1 << 20;

  private static ChunkPool pool(long maxPooledBytes) {
    return SizeClassPools.direct().maxPooledBytes(maxPooledBytes).stripes(1).build();
  }

  @Test
  void acquireLendsDirectBuffersRoundedUpToASizeClass() {
    ChunkPool pool = pool(MIB);
    ByteBuffer b = pool.acquire(3000);
    assertTrue(b.isDirect());
    assertEquals(4096, b.capacity());
    assertEquals(0, b.position());
    assertEquals(4096, b.limit());
    assertEquals(ByteOrder.BIG_ENDIAN, b.order());
  }

  @Test
  void releasedDirectBufferIsLentAgainWithItsOrderPositionAndLimitReset() {
    ChunkPool pool = pool(MIB);
    ByteBuffer b = pool.acquire(512);
    b.order(ByteOrder.LITTLE_ENDIAN).position(3).limit(9);
    pool.release(b);
    ByteBuffer again = pool.acquire(100);
    assertSame(b, again);
    assertEquals(ByteOrder.BIG_ENDIAN, again.order());
    assertEquals(0, again.position());
    assertEquals(512, again.limit());
    assertEquals(new PoolStats(2, 1, 1, 0, 1, 1), pool.stats());
  }

  @Test
  void oversizeDirectBufferIsExactAndNeverKept() {
    ChunkPool pool = pool(64L * MIB);
    ByteBuffer big = pool.acquire(4 * MIB + 7);
    assertEquals(4 * MIB + 7, big.capacity());
    pool.release(big);
    assertEquals(new PoolStats(1, 1, 0, 0, 0, 1), pool.stats());
  }

  @Test
  void pooledDirectBytesNeverExceedTheCap() {
    ChunkPool pool = pool(4096);
    List<ByteBuffer> held = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      held.add(pool.acquire(1024));
    }
    held.forEach(pool::release);
    assertEquals(4096, pool.stats().pooledBytes());
    assertEquals(6, pool.stats().released());
  }

  @Test
  void releaseOfHeapBufferIntoDirectPoolIsRejectedAndChangesNothing() {
    ChunkPool pool = pool(MIB);
    pool.release(pool.acquire(1024));
    PoolStats before = pool.stats();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.release(ByteBuffer.allocate(1024)));
    assertTrue(e.getMessage().contains("only writable direct buffers"), e::getMessage);
    assertTrue(e.getMessage().contains("heap buffer"), e::getMessage);
    assertEquals(before, pool.stats());
  }

  @Test
  void releaseOfReadOnlyDirectBufferIsRejectedAndChangesNothing() {
    ChunkPool pool = pool(MIB);
    ByteBuffer b = pool.acquire(1024);
    PoolStats before = pool.stats();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.release(b.asReadOnlyBuffer()));
    assertTrue(e.getMessage().contains("read-only"), e::getMessage);
    assertEquals(before, pool.stats());
  }

  @Test
  void releaseOfDirectBufferWithImpossibleCapacityIsRejectedAndChangesNothing() {
    ChunkPool pool = pool(MIB);
    PoolStats before = pool.stats();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> pool.release(ByteBuffer.allocateDirect(1000)));
    assertTrue(e.getMessage().contains("capacity 1000"), e::getMessage);
    assertEquals(before, pool.stats());
  }

  @Test
  void providerIsNamedDirectWithPriority20AndCreatesAFreshPoolEachTime() {
    DirectChunkPoolProvider provider = new DirectChunkPoolProvider();
    assertEquals("direct", provider.name());
    assertEquals(20, provider.priority());
    ChunkPool a = provider.create();
    assertNotSame(a, provider.create());
    assertEquals("direct", a.name());
    assertTrue(a.acquire(1).isDirect());
  }
}
