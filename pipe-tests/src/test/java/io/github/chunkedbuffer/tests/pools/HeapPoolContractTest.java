package io.github.chunkedbuffer.tests.pools;

import io.github.chunkedbuffer.pipe.ChunkPool;

/** Runs the pool contract over the {@code heap} pool. */
class HeapPoolContractTest extends ChunkPoolContractTest {

  @Override
  ChunkPool newPool() {
    return Pools.fresh("heap", BOUND);
  }

  @Override
  boolean lendsDirect() {
    return false;
  }

  @Override
  boolean keepsBuffers() {
    return true;
  }
}
