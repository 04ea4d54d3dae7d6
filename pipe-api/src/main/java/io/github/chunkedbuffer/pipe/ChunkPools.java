package io.github.chunkedbuffer.pipe;

import java.util.List;
import java.util.Objects;

/**
 * The registry of chunk pools found with {@link java.util.ServiceLoader}, plus the built-in
 * {@value #UNPOOLED} pool that allocates a fresh heap buffer for every chunk.
 *
 * <p>Providers are looked up once, on first use, with this module's class loader; a provider that
 * fails to load is reported through {@link System.Logger} and skipped. Each name has one shared pool,
 * created on first request.
 *
 * <p>The default pool is the one named by the system property {@value #POOL_PROPERTY}, read once on
 * first use; without it, the pool of the highest priority ({@code heap} 30, {@code direct} 20,
 * {@code thread-local} 10, {@code unpooled} 0).
 */
public final class ChunkPools {

  /** The system property that names the default pool. */
  public static final String POOL_PROPERTY = "io.github.chunkedbuffer.pool";

  /** The name of the built-in pool, which keeps nothing and is always present. */
  public static final String UNPOOLED = "unpooled";

  private ChunkPools() {}

  /**
   * Returns the names of every pool found, highest priority first.
   *
   * @return the names, unmodifiable; always includes {@value #UNPOOLED}
   */
  public static List<String> names() {
    return Providers.poolNames();
  }

  /**
   * Returns the shared pool registered under {@code name}.
   *
   * @param name the pool's name, such as {@code "heap"}
   * @return the one instance of that pool in this JVM
   * @throws NullPointerException when {@code name} is null
   * @throws IllegalArgumentException when no pool has that name; the message lists the names found
   */
  public static ChunkPool get(String name) {
    return Providers.pool(Objects.requireNonNull(name, "name"));
  }

  /**
   * Returns the default pool (see the class description).
   *
   * @return the shared instance of the default pool
   * @throws IllegalArgumentException when {@value #POOL_PROPERTY} names a pool that is not present
   */
  public static ChunkPool defaultPool() {
    return Providers.defaultPool();
  }
}
