package io.github.chunkedbuffer.bench;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.nio.ByteBuffer;

/**
 * A {@link ChunkPool} that passes every call to another pool and counts what is lent out and not
 * yet given back: how many chunks, and their capacity in bytes. Used to measure what pipes hold, not
 * in timed code. Single-threaded use only (the counters are plain fields).
 */
final class CountingPool implements ChunkPool {
  private final ChunkPool delegate;
  private long outstandingChunks;
  private long outstandingBytes;
  private boolean lentDirect;

  CountingPool(ChunkPool delegate) {
    this.delegate = delegate;
  }

  @Override
  public ByteBuffer acquire(int minCapacity) {
    ByteBuffer buffer = delegate.acquire(minCapacity);
    outstandingChunks++;
    outstandingBytes += buffer.capacity();
    lentDirect |= buffer.isDirect();
    return buffer;
  }

  @Override
  public void release(ByteBuffer buffer) {
    int capacity = buffer.capacity();
    delegate.release(buffer);
    outstandingChunks--;
    outstandingBytes -= capacity;
  }

  @Override
  public String name() {
    return "counting " + delegate.name();
  }

  @Override
  public PoolStats stats() {
    return delegate.stats();
  }

  /** Chunks lent and not given back. */
  long outstandingChunks() {
    return outstandingChunks;
  }

  /** Capacity of the chunks lent and not given back. */
  long outstandingBytes() {
    return outstandingBytes;
  }

  /** Whether any chunk lent so far was a direct buffer (so not on the Java heap). */
  boolean lentDirect() {
    return lentDirect;
  }
}
