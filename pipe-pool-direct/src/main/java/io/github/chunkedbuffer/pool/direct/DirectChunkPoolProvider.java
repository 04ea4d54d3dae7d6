package io.github.chunkedbuffer.pool.direct;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.internal.PoolSettings;
import io.github.chunkedbuffer.pipe.internal.SizeClassPool;
import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;

/**
 * Registers the {@code direct} pool (priority 20). Public only because {@link
 * java.util.ServiceLoader} instantiates it; applications reach the pool through {@code
 * ChunkPools.get("direct")}.
 */
public final class DirectChunkPoolProvider implements ChunkPoolProvider {

  /** The name the pool is registered under. */
  static final String NAME = "direct";

  /** Called by {@link java.util.ServiceLoader}. */
  public DirectChunkPoolProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 20;
  }

  /**
   * Creates a new direct pool bounded by {@code io.github.chunkedbuffer.pool.maxPooledBytes}, read
   * now.
   *
   * @throws IllegalArgumentException when that property is set to something that is not a whole
   *     number {@code >= 0}
   */
  @Override
  public ChunkPool create() {
    return new DirectChunkPool(
        SizeClassPool.forDirect(NAME, PoolSettings.maxPooledBytes(), SizeClassPool.defaultStripes()));
  }
}
