package io.github.chunkedbuffer.tests.pools;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.ChunkPools;

/** Runs the pool contract over the {@code unpooled} pool. */
class UnpooledPoolContractTest extends ChunkPoolContractTest {

  @Override
  ChunkPool newPool() {
    // The built-in pool has no provider on the class path; its shared instance is used.
    return ChunkPools.get(ChunkPools.UNPOOLED);
  }

  @Override
  boolean lendsDirect() {
    return false;
  }

  @Override
  boolean keepsBuffers() {
    return false;
  }
}
