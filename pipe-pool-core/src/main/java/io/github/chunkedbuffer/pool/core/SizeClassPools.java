package io.github.chunkedbuffer.pool.core;

import io.github.chunkedbuffer.pipe.ChunkPool;

/**
 * Builds size-class pools of heap or direct buffers, the engine behind the registered {@code heap}
 * and {@code direct} pools, with limits of one's own. A pool built here is registered nowhere: hand
 * it to the pipes that should use it.
 *
 * <pre>{@code
 * ChunkPool pool = SizeClassPools.heap().maxPooledBytes(8 << 20).stripes(2).build();
 * try (Pipe pipe = Pipe.builder().pool(pool).build()) {
 *   // ...
 * }
 * }</pre>
 *
 * <p>What such a pool does: a request is rounded up to a power-of-two size class from 512 B to
 * 4 MiB (larger requests are allocated exactly and never kept); released buffers are kept for reuse
 * in a fixed number of stripes, each taken with a one-word try-lock that a busy thread skips rather
 * than waits for; at most {@code maxPooledBytes} bytes are kept, split evenly over the stripes, and
 * anything beyond that goes to the garbage collector at once. The pool takes back only buffers it
 * can have lent (writable, of its kind, the whole of their array, a capacity it lends) and refuses
 * anything else with an {@link IllegalArgumentException} that leaves it unchanged. It is safe for
 * use by any number of threads, platform or virtual.
 *
 * @since 0.2
 */
public final class SizeClassPools {

  /** The most stripes a pool can have. */
  public static final int MAX_STRIPES = SizeClassPool.MAX_STRIPES;

  private SizeClassPools() {}

  /**
   * Starts a pool of heap buffers ({@link java.nio.ByteBuffer#allocate}), named {@code "heap"}
   * unless {@link Builder#name(String) named} otherwise.
   *
   * @return a new builder with every setting at its default
   */
  public static Builder heap() {
    return new Builder(false, "heap");
  }

  /**
   * Starts a pool of direct buffers ({@link java.nio.ByteBuffer#allocateDirect}), named {@code
   * "direct"} unless {@link Builder#name(String) named} otherwise. A direct buffer's native memory
   * is freed when the garbage collector has found the buffer unreachable, so the bound on what the
   * pool keeps is also a bound on the native memory it holds on to.
   *
   * @return a new builder with every setting at its default
   */
  public static Builder direct() {
    return new Builder(true, "direct");
  }

  /**
   * Returns the number of stripes a pool gets by default on this machine: the available processors
   * rounded up to a power of two, at most {@value #MAX_STRIPES}.
   *
   * @return a power of two from 1 to {@value #MAX_STRIPES}
   */
  public static int defaultStripes() {
    return SizeClassPool.defaultStripes();
  }

  /**
   * The settings of a size-class pool. A setter checks its argument at once and, when it refuses
   * it, leaves the builder as it was. A builder is not safe for use by several threads at once; it
   * may {@link #build()} any number of pools, each independent of the others.
   */
  public static final class Builder {

    private final boolean direct;
    private String name;

    /** The bound, or -1 for the system property's value at {@link #build()}. */
    private long maxPooledBytes = -1;

    /** A power of two, or 0 for {@link SizeClassPools#defaultStripes()}. */
    private int stripes;

    /** Debug checks on or off, or null for the system property's value at {@link #build()}. */
    private Boolean debug;

    Builder(boolean direct, String name) {
      this.direct = direct;
      this.name = name;
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
     * Sets the most bytes the pool keeps for reuse, over all its stripes; {@code 0} keeps nothing
     * (every acquire allocates). What the pool lends is not bounded: a pool is a cache, not a quota.
     * By default the pool takes the value of the system property {@code
     * io.github.chunkedbuffer.pool.maxPooledBytes} when it is built, or 64 MiB when that is not set,
     * as the registered pools do.
     *
     * @param bytes the bound, {@code >= 0}
     * @return this builder
     * @throws IllegalArgumentException when {@code bytes < 0}
     */
    public Builder maxPooledBytes(long bytes) {
      this.maxPooledBytes = PoolArguments.nonNegative("maxPooledBytes", bytes);
      return this;
    }

    /**
     * Sets the number of stripes, the independent parts the kept buffers are spread over so that
     * threads rarely meet; each keeps an equal share of {@link #maxPooledBytes(long) the bound}.
     * More stripes mean less contention and smaller shares. By default {@link
     * SizeClassPools#defaultStripes()}.
     *
     * @param stripes a power of two from 1 to {@value SizeClassPools#MAX_STRIPES}
     * @return this builder
     * @throws IllegalArgumentException when {@code stripes} is not such a power of two
     */
    public Builder stripes(int stripes) {
      if (stripes < 1 || stripes > MAX_STRIPES || Integer.bitCount(stripes) != 1) {
        throw new IllegalArgumentException(
            "stripes(" + stripes + "): the number of stripes must be a power of two from 1 to "
                + MAX_STRIPES);
      }
      this.stripes = stripes;
      return this;
    }

    /**
     * Turns the pool's debug checks on or off. With them on, the pool remembers by identity every
     * buffer it lent and refuses a double release, or the release of a buffer it did not lend,
     * with an {@link IllegalArgumentException} that says which, leaving itself unchanged; that
     * costs a map operation per acquire and release. By default the checks are on when the system
     * property {@code io.github.chunkedbuffer.debug} is {@code true} at {@link #build()}.
     *
     * @param debug whether to make the checks
     * @return this builder
     */
    public Builder debug(boolean debug) {
      this.debug = debug;
      return this;
    }

    /**
     * Builds a new pool with these settings. Settings left at their default read their system
     * property now.
     *
     * @return a new pool, empty, shared with nobody
     * @throws IllegalArgumentException when {@link #maxPooledBytes(long)} was not set and the
     *     system property {@code io.github.chunkedbuffer.pool.maxPooledBytes} is not a whole number
     *     {@code >= 0}; the message names the property and its value
     */
    public ChunkPool build() {
      long bound = maxPooledBytes >= 0 ? maxPooledBytes : PoolSettings.maxPooledBytes();
      int stripeCount = stripes > 0 ? stripes : SizeClassPool.defaultStripes();
      boolean checks = debug != null ? debug : LentBuffers.debugByProperty();
      return direct
          ? SizeClassPool.forDirect(name, bound, stripeCount, checks)
          : SizeClassPool.forHeap(name, bound, stripeCount, checks);
    }
  }
}
