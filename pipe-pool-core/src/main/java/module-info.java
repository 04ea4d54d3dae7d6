/**
 * The pool engine behind the {@code heap}, {@code direct} and {@code thread-local} pools, and the
 * builders that create such pools in code with limits of one's own: {@link
 * io.github.chunkedbuffer.pool.core.SizeClassPools} and {@link
 * io.github.chunkedbuffer.pool.core.ThreadLocalPools}. A pool built there is registered nowhere;
 * pass it to {@code Pipe.builder().pool(pool)}.
 *
 * <p>An application that builds pools {@code requires io.github.chunkedbuffer.pool.core}; one that
 * only uses the registered pools does not need to name this module, which the pool modules require.
 *
 * @since 0.2
 */
module io.github.chunkedbuffer.pool.core {
  requires transitive io.github.chunkedbuffer.pipe;

  exports io.github.chunkedbuffer.pool.core;
}
