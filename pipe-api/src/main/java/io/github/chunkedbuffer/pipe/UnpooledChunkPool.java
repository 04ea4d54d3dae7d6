package io.github.chunkedbuffer.pipe;

import io.github.chunkedbuffer.pipe.internal.BufferChecks;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fallback pool: every acquisition allocates a heap buffer of exactly the asked size, and every
 * release lets the garbage collector have it. It keeps nothing, so it needs no bound and no lock;
 * its only state is two counters, updated atomically so that {@link #stats()} stays exact.
 */
final class UnpooledChunkPool implements ChunkPool {

  /** Buffers lent; only incremented. */
  private final AtomicLong acquired = new AtomicLong();

  /**
   * Buffers taken back; only incremented. A foreign heap buffer of the right kind cannot be told
   * from one of ours without debug checks, so a caller that releases one pushes this past {@code
   * acquired}; the pipe itself never does.
   */
  private final AtomicLong released = new AtomicLong();

  @Override
  public ByteBuffer acquire(int minCapacity) {
    BufferChecks.checkRequest(minCapacity);
    ByteBuffer buffer = ByteBuffer.allocate(minCapacity);
    acquired.incrementAndGet();
    return buffer;
  }

  @Override
  public void release(ByteBuffer buffer) {
    // Same wording as the other pools; it also rejects slices, which this pool never lends.
    BufferChecks.checkKind(buffer, false, ChunkPools.UNPOOLED);
    if (buffer.capacity() < 1) {
      throw new IllegalArgumentException(
          "release: the unpooled pool lends buffers of at least 1 byte, got capacity 0");
    }
    released.incrementAndGet();
  }

  @Override
  public String name() {
    return ChunkPools.UNPOOLED;
  }

  @Override
  public PoolStats stats() {
    // Read released first: a concurrent acquire+release between the reads can then only make
    // outstanding look one too high for an instant, never negative.
    long r = released.get();
    long a = acquired.get();
    return new PoolStats(a, r, a - r, 0, 0, a);
  }

  @Override
  public String toString() {
    return "ChunkPool[unpooled]";
  }
}
