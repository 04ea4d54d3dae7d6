package io.github.chunkedbuffer.stress;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import io.github.chunkedbuffer.pool.core.SizeClassPools;
import java.nio.ByteBuffer;

/**
 * The {@code heap} pool's engine as a {@link ChunkPool}, made fresh per test state by the public
 * builder with a chosen number of stripes, with debug checks on so that a double release shows as
 * an exception.
 */
final class EnginePool implements ChunkPool {
  final ChunkPool engine;

  EnginePool(int stripes) {
    this.engine =
        SizeClassPools.heap()
            .name("stress-heap")
            .maxPooledBytes(1L << 20)
            .stripes(stripes)
            .debug(true)
            .build();
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
