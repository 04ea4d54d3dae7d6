package io.github.chunkedbuffer.stress;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import io.github.chunkedbuffer.pipe.internal.SizeClassPool;
import java.nio.ByteBuffer;

/**
 * The {@code heap} pool's engine as a {@link ChunkPool}, made fresh per test state (the {@code
 * heap} module's own adapter is package-private), with debug checks on so that a double release
 * shows as an exception.
 */
final class EnginePool implements ChunkPool {
  final SizeClassPool engine;

  EnginePool(int stripes) {
    this.engine = SizeClassPool.forHeap("stress-heap", 1L << 20, stripes, true);
  }

  @Override
  public ByteBuffer acquire(int minCapacity) {
    return engine.acquire(minCapacity);
  }

  @Override
  public void release(ByteBuffer buffer) {
    engine.release(buffer);
  }

  @Override
  public String name() {
    return "stress-heap";
  }

  @Override
  public PoolStats stats() {
    return engine.stats();
  }
}
