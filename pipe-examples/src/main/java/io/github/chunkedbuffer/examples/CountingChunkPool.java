package io.github.chunkedbuffer.examples;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * A pool that keeps nothing for reuse but knows exactly what it has lent: it allocates a fresh heap
 * buffer per acquisition, remembers each lent buffer by identity, and refuses to lend more than a
 * fixed number of bytes at once.
 *
 * <p>It is an example of a pool of one's own, not a fast pool: one lock guards all state, which is
 * simple and exact but serialises every acquisition. What it offers in exchange is strict checking:
 * releasing a buffer it did not lend, or the same buffer twice, is an {@link
 * IllegalArgumentException} and leaves the pool unchanged, and {@link #lentBytes()} and {@link
 * #peakLentBytes()} say how much memory pipes held, which makes it useful in tests and for sizing.
 */
final class CountingChunkPool implements ChunkPool {

  private final String name;

  /** The most bytes (by capacity) lent at once; fixed. */
  private final long limitBytes;

  /** Every buffer lent and not yet released, by identity. Guarded by {@code this}. */
  private final Set<ByteBuffer> lent = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Buffers lent since creation. Guarded by {@code this}. */
  private long acquired;

  /** Buffers taken back since creation; never above {@code acquired}. Guarded by {@code this}. */
  private long released;

  /**
   * Capacity of the buffers lent now, plus capacity reserved by acquisitions still allocating;
   * never above {@code limitBytes}. Guarded by {@code this}.
   */
  private long lentBytes;

  /** The highest {@code lentBytes} ever reached. Guarded by {@code this}. */
  private long peakLentBytes;

  CountingChunkPool(String name, long limitBytes) {
    if (limitBytes < 1) {
      throw new IllegalArgumentException("limitBytes must be at least 1, got " + limitBytes);
    }
    this.name = Objects.requireNonNull(name, "name");
    this.limitBytes = limitBytes;
  }

  /**
   * Lends a new heap buffer of exactly {@code minCapacity} bytes.
   *
   * @throws OutOfMemoryError when lending it would exceed the pool's limit
   */
  @Override
  public ByteBuffer acquire(int minCapacity) {
    if (minCapacity < 1) {
      throw new IllegalArgumentException("acquire(" + minCapacity + "): capacity must be >= 1");
    }
    reserve(minCapacity);
    // Allocate outside the lock: zeroing a large array should not stall other threads.
    ByteBuffer buffer;
    try {
      buffer = ByteBuffer.allocate(minCapacity);
    } catch (OutOfMemoryError e) {
      unreserve(minCapacity);
      throw e;
    }
    synchronized (this) {
      lent.add(buffer);
      acquired++;
    }
    return buffer;
  }

  private synchronized void reserve(int bytes) {
    if (lentBytes + bytes > limitBytes) {
      throw new OutOfMemoryError(
          "counting pool '"
              + name
              + "': lending "
              + bytes
              + " more bytes would exceed its limit of "
              + limitBytes
              + " ("
              + lentBytes
              + " lent now)");
    }
    lentBytes += bytes;
    peakLentBytes = Math.max(peakLentBytes, lentBytes);
  }

  private synchronized void unreserve(int bytes) {
    lentBytes -= bytes;
  }

  @Override
  public void release(ByteBuffer buffer) {
    Objects.requireNonNull(buffer, "buffer");
    synchronized (this) {
      if (!lent.remove(buffer)) {
        throw new IllegalArgumentException(
            "release: counting pool '"
                + name
                + "' did not lend this buffer, or it was released already: "
                + buffer);
      }
      released++;
      lentBytes -= buffer.capacity();
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized PoolStats stats() {
    return new PoolStats(acquired, released, acquired - released, 0, 0, acquired);
  }

  /** Returns the capacity, in bytes, of the buffers lent now. */
  synchronized long lentBytes() {
    return lentBytes;
  }

  /** Returns the most bytes that were ever lent at once. */
  synchronized long peakLentBytes() {
    return peakLentBytes;
  }

  /** Returns the most bytes the pool lends at once. */
  long limitBytes() {
    return limitBytes;
  }

  @Override
  public synchronized String toString() {
    return "ChunkPool["
        + name
        + ": "
        + lentBytes
        + " bytes lent, peak "
        + peakLentBytes
        + ", limit "
        + limitBytes
        + "]";
  }
}
