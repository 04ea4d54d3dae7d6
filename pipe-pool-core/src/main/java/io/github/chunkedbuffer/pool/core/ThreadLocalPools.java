package io.github.chunkedbuffer.pool.core;

import io.github.chunkedbuffer.pipe.ChunkPool;
import java.util.Objects;

/**
 * Builds thread-local pools, the engine behind the registered {@code thread-local} pool: a small
 * cache of buffers per platform thread in front of any other pool (the delegate), with limits of
 * one's own. A pool built here is registered nowhere: hand it to the pipes that should use it.
 *
 * <pre>{@code
 * ChunkPool shared = SizeClassPools.direct().maxPooledBytes(32 << 20).build();
 * ChunkPool pool = ThreadLocalPools.builder(shared).bytesPerThread(256 << 10).maxCaches(8).build();
 * try (Pipe pipe = Pipe.builder().pool(pool).build()) {
 *   // ...
 * }
 * }</pre>
 *
 * <p>What such a pool does: a platform thread's acquire is served from its own cache when it holds
 * a buffer of the size class (512 B to 4 MiB, powers of two), without touching anything another
 * thread writes; otherwise, and for every request above 4 MiB, the delegate lends. A release goes
 * to the releasing thread's cache while it has room and to the delegate otherwise. Each cache keeps
 * at most {@code bytesPerThread} bytes; at most {@code maxCaches} threads get one, so all caches
 * together keep at most {@code bytesPerThread * maxCaches} bytes, on top of what the delegate keeps.
 * Virtual threads, and platform threads past {@code maxCaches}, get no cache and go to the delegate.
 * A dead thread's cache goes back to the delegate. The delegate must be safe for use by several
 * threads at once, as every {@link ChunkPool} is.
 *
 * @since 0.2
 */
public final class ThreadLocalPools {

  /** The most bytes one thread's cache keeps by default: 1 MiB. */
  public static final long DEFAULT_BYTES_PER_THREAD = ThreadLocalChunkPool.DEFAULT_BYTES_PER_THREAD;

  private ThreadLocalPools() {}

  /**
   * Starts a thread-local pool in front of {@code delegate}, named {@code "thread-local"} unless
   * {@link Builder#name(String) named} otherwise.
   *
   * @param delegate the pool that serves misses and takes back what the caches do not keep: any
   *     pool, a registered one ({@code ChunkPools.get("direct")}), one built by {@link
   *     SizeClassPools}, or one of your own
   * @return a new builder with every other setting at its default
   * @throws NullPointerException when {@code delegate} is null
   */
  public static Builder builder(ChunkPool delegate) {
    return new Builder(Objects.requireNonNull(delegate, "delegate"));
  }

  /**
   * The settings of a thread-local pool. A setter checks its argument at once and, when it refuses
   * it, leaves the builder as it was. A builder is not safe for use by several threads at once; it
   * may {@link #build()} any number of pools, each with caches of its own, in front of the same
   * delegate.
   */
  public static final class Builder {

    private final ChunkPool delegate;
    private String name = ThreadLocalChunkPool.NAME;

    /** The budget of each cache, or -1 for the default. */
    private long bytesPerThread = -1;

    /** The most caches, or -1 for the default. */
    private int maxCaches = -1;

    /** Debug checks on or off, or null for the system property's value at {@link #build()}. */
    private Boolean debug;

    Builder(ChunkPool delegate) {
      this.delegate = delegate;
    }

    /**
     * Sets the name the pool reports in {@link ChunkPool#name()}, in its messages and in {@code
     * toString()}. It registers nothing: a pool built here is never found by {@code
     * ChunkPools.get(name)}.
     *
     * @param name the name, not blank
     * @return this builder
     * @throws NullPointerException when {@code name} is null
     * @throws IllegalArgumentException when {@code name} is empty or only white space
     */
    public Builder name(String name) {
      this.name = PoolArguments.name(name);
      return this;
    }

    /**
     * Sets the most bytes one thread's cache keeps; a size class larger than that is never cached,
     * and {@code 0} caches nothing (every call goes to the delegate). By default 1 MiB ({@link
     * ThreadLocalPools#DEFAULT_BYTES_PER_THREAD}), or the pool bound of the system property {@code
     * io.github.chunkedbuffer.pool.maxPooledBytes} when that is smaller.
     *
     * @param bytes the budget of each cache, {@code >= 0}
     * @return this builder
     * @throws IllegalArgumentException when {@code bytes < 0}
     */
    public Builder bytesPerThread(long bytes) {
      this.bytesPerThread = PoolArguments.nonNegative("bytesPerThread", bytes);
      return this;
    }

    /**
     * Sets the most threads that have a cache at once; {@code 0} gives none a cache. A cache whose
     * thread has died frees its place. By default as many as fit in the pool bound of the system
     * property {@code io.github.chunkedbuffer.pool.maxPooledBytes} (64 MiB when not set) at {@link
     * #bytesPerThread(long) bytesPerThread} each, so that the caches together keep at most that
     * bound, as the registered {@code thread-local} pool does.
     *
     * @param caches the most caches, {@code >= 0}
     * @return this builder
     * @throws IllegalArgumentException when {@code caches < 0}
     */
    public Builder maxCaches(int caches) {
      this.maxCaches = (int) PoolArguments.nonNegative("maxCaches", caches);
      return this;
    }

    /**
     * Turns the pool's debug checks on or off. With them on, the pool remembers by identity every
     * buffer it lent and refuses a double release, or the release of a buffer it did not lend,
     * with an {@link IllegalArgumentException} that says which, leaving itself, its caches and its
     * delegate unchanged; that costs a map operation per acquire and release. The check is the
     * thread-local pool's own, because a release that lands in a cache never reaches the delegate.
     * By default the checks are on when the system property {@code io.github.chunkedbuffer.debug}
     * is {@code true} at {@link #build()}.
     *
     * @param debug whether to make the checks
     * @return this builder
     */
    public Builder debug(boolean debug) {
      this.debug = debug;
      return this;
    }

    /**
     * Builds a new pool with these settings, with no cache yet. Settings left at their default
     * read their system property now.
     *
     * @return a new pool in front of the delegate, shared with nobody
     * @throws IllegalArgumentException when a default depends on the system property {@code
     *     io.github.chunkedbuffer.pool.maxPooledBytes} and that is not a whole number {@code >= 0};
     *     the message names the property and its value
     */
    public ChunkPool build() {
      long perThread = bytesPerThread;
      int caches = maxCaches;
      if (perThread < 0 || caches < 0) {
        long bound = PoolSettings.maxPooledBytes();
        if (perThread < 0) {
          perThread = Math.min(DEFAULT_BYTES_PER_THREAD, bound);
        }
        if (caches < 0) {
          caches = perThread == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, bound / perThread);
        }
      }
      boolean checks = debug != null ? debug : LentBuffers.debugByProperty();
      return new ThreadLocalChunkPool(name, delegate, perThread, caches, checks);
    }
  }
}
