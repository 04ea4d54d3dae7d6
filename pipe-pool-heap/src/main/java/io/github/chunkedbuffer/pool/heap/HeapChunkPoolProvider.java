package io.github.chunkedbuffer.pool.heap;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.internal.PoolSettings;
import io.github.chunkedbuffer.pipe.internal.SizeClassPool;
import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;

/**
 * Registers the {@code heap} pool (priority 30). Public only because {@link java.util.ServiceLoader}
 * instantiates it; applications reach the pool through {@code ChunkPools.get("heap")}.
 */
public final class HeapChunkPoolProvider implements ChunkPoolProvider {

  /** The name the pool is registered under. */
  static final String NAME = "heap";

  /** Called by {@link java.util.ServiceLoader}. */
  public HeapChunkPoolProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 30;
  }

  /**
   * Creates a new heap pool bounded by {@code io.github.chunkedbuffer.pool.maxPooledBytes}, read now.
   *
   * @throws IllegalArgumentException when that property is set to something that is not a whole
   *     number {@code >= 0}
   */
  @Override
  public ChunkPool create() {
    return new HeapChunkPool(
        SizeClassPool.forHeap(NAME, PoolSettings.maxPooledBytes(), SizeClassPool.defaultStripes()));
  }
}
