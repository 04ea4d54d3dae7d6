package io.github.chunkedbuffer.pool.threadlocal;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.ChunkPools;
import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;
import io.github.chunkedbuffer.pool.core.ThreadLocalPools;

/**
 * Registers the {@code thread-local} pool (priority 10). Public only because {@link
 * java.util.ServiceLoader} instantiates it; applications reach the pool through {@code
 * ChunkPools.get("thread-local")}. The pool is built by {@link ThreadLocalPools} of {@code
 * pipe-pool-core}, whose class {@code ThreadLocalChunkPool} explains the design: bounded caches for
 * platform threads only, a registry that returns a dead thread's cache to the delegate.
 */
public final class ThreadLocalChunkPoolProvider implements ChunkPoolProvider {

  /** The name the pool is registered under. */
  static final String NAME = "thread-local";

  /** The system property naming the pool behind the per-thread caches. */
  static final String DELEGATE_PROPERTY = "io.github.chunkedbuffer.pool.threadlocal.delegate";

  /** The delegate used when the property is not set and the pool is present. */
  static final String DEFAULT_DELEGATE = "heap";

  /** Called by {@link java.util.ServiceLoader}. */
  public ThreadLocalChunkPoolProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 10;
  }

  /**
   * Creates a new thread-local pool over the shared pool named by {@code
   * io.github.chunkedbuffer.pool.threadlocal.delegate}, read now. Without the property the delegate
   * is {@code heap}, or, when that module is absent, the highest-priority pool other than this one
   * (at least the built-in {@code unpooled}). The caches together keep at most {@code
   * io.github.chunkedbuffer.pool.maxPooledBytes} bytes. Debug checks of releases are on when
   * {@code io.github.chunkedbuffer.debug} is {@code true} now.
   *
   * @throws IllegalArgumentException when the property names {@code thread-local} itself or a pool
   *     that is not present, or when {@code maxPooledBytes} is invalid
   */
  @Override
  public ChunkPool create() {
    ChunkPool delegate = ChunkPools.get(delegateName(System.getProperty(DELEGATE_PROPERTY)));
    return ThreadLocalPools.builder(delegate).name(NAME).build();
  }

  /** Chooses the delegate's name from the property's value (null when unset). */
  static String delegateName(String configured) {
    if (configured != null) {
      String name = configured.trim();
      if (name.equals(NAME)) {
        throw new IllegalArgumentException(
            "system property " + DELEGATE_PROPERTY + "=" + configured + ": the thread-local pool"
                + " cannot delegate to itself; name another pool, one of " + ChunkPools.names());
      }
      return name;
    }
    if (ChunkPools.names().contains(DEFAULT_DELEGATE)) {
      return DEFAULT_DELEGATE;
    }
    for (String name : ChunkPools.names()) {
      if (!name.equals(NAME)) {
        return name;
      }
    }
    return ChunkPools.UNPOOLED;
  }
}
