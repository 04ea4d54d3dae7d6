package io.github.chunkedbuffer.examples;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;

/**
 * Registers the {@code counting} pool ({@link CountingChunkPool}) with the API's pool registry.
 *
 * <p>This is all an application needs to plug in a pool of its own: a public class with a public
 * no-argument constructor, named in its {@code module-info.java} with {@code provides
 * io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider with ...} (or, on the class path, in {@code
 * META-INF/services/io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider}). Code that creates pipes
 * does not change: it asks for the pool by name, or the system property {@code
 * io.github.chunkedbuffer.pool=counting} makes it the default.
 *
 * <p>Its priority, {@value #PRIORITY}, is below every built-in pool except the unpooled fallback,
 * so adding this module never changes which pool is the default by accident.
 */
public final class CountingPoolProvider implements ChunkPoolProvider {

  /** The name the pool is registered under. */
  public static final String NAME = "counting";

  /** The priority: above {@code unpooled} (0), below {@code thread-local} (10). */
  public static final int PRIORITY = 5;

  /** How many bytes the pool lends at most at once: 256 MiB. */
  public static final long LIMIT_BYTES = 256L << 20;

  /** Called by {@link java.util.ServiceLoader}. */
  public CountingPoolProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  @Override
  public ChunkPool create() {
    return new CountingChunkPool(NAME, LIMIT_BYTES);
  }
}
