package io.github.chunkedbuffer.pool.core;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** A heap delegate for tests that remembers which buffers were given back to it. */
final class RecordingPool implements ChunkPool {
  private final SizeClassPool engine = SizeClassPool.forHeap("test-heap", 64L << 20, 4);
  private final Set<ByteBuffer> released = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  @Override
  public ByteBuffer acquire(int minCapacity) {
    return engine.acquire(minCapacity);
  }

  @Override
  public void release(ByteBuffer buffer) {
    engine.release(buffer);
    released.add(buffer);
  }

  /** Returns whether {@code buffer} has been given back to this pool. */
  boolean gotBack(ByteBuffer buffer) {
    return released.contains(buffer);
  }

  @Override
  public String name() {
    return "test-heap";
  }

  @Override
  public PoolStats stats() {
    return engine.stats();
  }
}
