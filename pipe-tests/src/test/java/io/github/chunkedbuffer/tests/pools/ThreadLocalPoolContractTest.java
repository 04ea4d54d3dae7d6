package io.github.chunkedbuffer.tests.pools;

import io.github.chunkedbuffer.pipe.ChunkPool;

/** Runs the pool contract over the {@code thread-local} pool. */
class ThreadLocalPoolContractTest extends ChunkPoolContractTest {

  @Override
  ChunkPool newPool() {
    return Pools.fresh("thread-local", BOUND);
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
