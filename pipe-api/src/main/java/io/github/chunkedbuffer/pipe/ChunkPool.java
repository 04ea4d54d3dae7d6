package io.github.chunkedbuffer.pipe;

import java.nio.ByteBuffer;

/**
 * A source of chunk memory for pipes. Implementations are thread-safe.
 *
 * <p>Pools are found through {@link io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider} and shared
 * by name ({@link ChunkPools#get(String)}); a pipe may also be given any instance directly.
 */
public interface ChunkPool {

  /**
   * Lends a buffer with {@code capacity() >= minCapacity}, position 0 and limit equal to its
   * capacity. Its content is unspecified. The caller owns it until it passes it to
   * {@link #release(ByteBuffer)}, exactly once.
   *
   * @throws IllegalArgumentException when {@code minCapacity < 1}
   * @throws OutOfMemoryError when memory for it cannot be had
   */
  ByteBuffer acquire(int minCapacity);

  /**
   * Takes back a buffer that {@link #acquire(int)} lent. Position and limit may be anything.
   *
   * @throws IllegalArgumentException when the pool cannot have lent {@code buffer} (wrong kind,
   *     read-only, impossible capacity); the pool is unchanged
   * @throws NullPointerException when {@code buffer} is null
   */
  void release(ByteBuffer buffer);

  /** Returns the name the pool is registered under, such as {@code "heap"}. */
  String name();

  /** Returns a consistent snapshot of the pool's counters. */
  PoolStats stats();
}
