package io.github.chunkedbuffer.tests.pools;

import io.github.chunkedbuffer.pipe.ChunkPool;

/** Runs the pool contract over the {@code direct} pool. */
class DirectPoolContractTest extends ChunkPoolContractTest {

  @Override
  ChunkPool newPool() {
    return Pools.fresh("direct", BOUND);
  }

  @Override
  boolean lendsDirect() {
    return true;
  }

  @Override
  boolean keepsBuffers() {
    return true;
  }
}
