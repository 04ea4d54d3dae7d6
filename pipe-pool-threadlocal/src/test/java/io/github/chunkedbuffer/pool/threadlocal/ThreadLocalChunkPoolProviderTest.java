package io.github.chunkedbuffer.pool.threadlocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.ChunkPools;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The registered {@code thread-local} pool: its name, priority and delegate. The pool itself is
 * tested in {@code pipe-pool-core} ({@code ThreadLocalChunkPoolTest}, {@code ThreadLocalPoolsTest}).
 */
class ThreadLocalChunkPoolProviderTest {

  @Test
  void delegateIsHeapByDefaultAndNeverThreadLocalItself() {
    String chosen = ThreadLocalChunkPoolProvider.delegateName(null);
    assertTrue(ChunkPools.names().contains(chosen));
    assertFalse(chosen.equals("thread-local"));
    if (ChunkPools.names().contains("heap")) {
      assertEquals("heap", chosen);
    }
    assertEquals("direct", ThreadLocalChunkPoolProvider.delegateName(" direct "));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ThreadLocalChunkPoolProvider.delegateName("thread-local"));
    assertTrue(e.getMessage().contains(ThreadLocalChunkPoolProvider.DELEGATE_PROPERTY), e::getMessage);
    assertTrue(e.getMessage().contains("itself"), e::getMessage);
  }

  @Test
  void providerBuildsThePoolOverTheConfiguredDelegate() {
    String key = ThreadLocalChunkPoolProvider.DELEGATE_PROPERTY;
    String old = System.getProperty(key);
    System.setProperty(key, "unpooled");
    ChunkPool pool;
    try {
      pool = new ThreadLocalChunkPoolProvider().create();
    } finally {
      if (old == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, old);
      }
    }
    ThreadLocalChunkPoolProvider provider = new ThreadLocalChunkPoolProvider();
    assertEquals("thread-local", provider.name());
    assertEquals(10, provider.priority());
    long before = ChunkPools.get("unpooled").stats().acquired();
    ByteBuffer b = pool.acquire(100);
    assertEquals(512, b.capacity());
    assertEquals(before + 1, ChunkPools.get("unpooled").stats().acquired());
  }

  @Test
  void providerBuildsAPoolWhoseCachesShareTheDefaultBound() {
    ChunkPool pool = new ThreadLocalChunkPoolProvider().create();
    assertEquals("thread-local", pool.name());
    // 64 MiB by default (the build sets no maxPooledBytes property): 64 caches of 1 MiB.
    assertTrue(pool.toString().contains("caches=0/64, bytesPerThread=1048576"), pool::toString);
  }
}
