package io.github.chunkedbuffer.pipe;

import java.nio.ByteBuffer;
import java.util.Objects;
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
    if (minCapacity < 1) {
      throw new IllegalArgumentException(
          "acquire(" + minCapacity + "): the capacity asked for must be at least 1");
    }
    ByteBuffer buffer = ByteBuffer.allocate(minCapacity);
    acquired.incrementAndGet();
    return buffer;
  }

  @Override
  public void release(ByteBuffer buffer) {
    Objects.requireNonNull(buffer, "buffer");
    if (buffer.isReadOnly()
        || buffer.isDirect()
        || !buffer.hasArray()
        || buffer.arrayOffset() != 0
        || buffer.array().length != buffer.capacity()
        || buffer.capacity() < 1) {
      throw refused(buffer);
    }
    released.incrementAndGet();
  }

  // Cold path kept out of release; worded like the refusals of the other pools.
  private static IllegalArgumentException refused(ByteBuffer buffer) {
    String problem;
    if (buffer.isReadOnly()) {
      problem = "it is read-only";
    } else if (buffer.isDirect()) {
      problem = "it is a direct buffer";
    } else if (buffer.capacity() < 1) {
      problem = "its capacity is 0";
    } else {
      problem = "it is a slice or view of a larger array, not a whole buffer";
    }
    return new IllegalArgumentException(
        "release("
            + buffer
            + "): the unpooled pool lends only writable heap buffers of at least 1 byte, but "
            + problem);
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
