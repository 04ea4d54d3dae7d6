package io.github.chunkedbuffer.pipe.spi;

import io.github.chunkedbuffer.pipe.ChunkPool;

/**
 * Makes a kind of {@link ChunkPool} available by name; found by {@link java.util.ServiceLoader}.
 * A module offers one with {@code provides io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider with
 * ...}; nothing else has to change for pipes to use it.
 */
public interface ChunkPoolProvider {

  /**
   * Returns the pool's name.
   *
   * @return the name, such as {@code "heap"}; unique among providers
   */
  String name();

  /**
   * Returns the priority used to choose the default pool when no name is configured; the highest
   * wins. The built-in pools use {@code heap} 30, {@code direct} 20, {@code thread-local} 10 and
   * {@code unpooled} 0.
   *
   * @return the priority
   */
  int priority();

  /**
   * Creates the pool. Called at most once per name by {@link io.github.chunkedbuffer.pipe.ChunkPools},
   * which shares the instance.
   *
   * @return a new pool
   */
  ChunkPool create();
}
