/**
 * The chunkedbuffer API: {@link io.github.chunkedbuffer.pipe.Pipe} and its pools.
 *
 * <p>An application {@code requires io.github.chunkedbuffer.pipe} and puts an implementation
 * ({@code pipe-impl}) and any pools beside it; they are found with {@link java.util.ServiceLoader}.
 *
 * <p>System properties, each read once: {@code io.github.chunkedbuffer.pool} and the debug default
 * when {@code ChunkPools} or {@code Pipe.Builder} is first used, the others when the pool they
 * configure is created (once per name, as pools are shared):
 *
 * <ul>
 *   <li>{@systemProperty io.github.chunkedbuffer.pool}: the name of the default pool ({@code heap},
 *       {@code direct}, {@code thread-local}, {@code unpooled} or a pool of one's own); without it the
 *       pool of the highest priority.
 *   <li>{@systemProperty io.github.chunkedbuffer.debug}: {@code true} turns on debug checks for
 *       every pipe built without {@code Pipe.Builder.debug(...)}: leak reports with the creation
 *       site, poisoned released chunks, and identity checks of releases in the pools. The pools
 *       read it when they are created: a {@code heap}, {@code direct} or {@code thread-local}
 *       pool created with it on remembers each buffer it lent, by identity, and refuses a double
 *       release or a buffer it did not lend with an {@code IllegalArgumentException}, leaving
 *       itself unchanged; off by default, when the check costs nothing.
 *   <li>{@systemProperty io.github.chunkedbuffer.pool.threadlocal.delegate}: the pool behind the
 *       {@code thread-local} caches (default {@code heap}).
 *   <li>{@systemProperty io.github.chunkedbuffer.pool.maxPooledBytes}: how many bytes each pool keeps
 *       for reuse at most, read when the pool is created (default 67108864, 64 MiB; {@code 0} keeps
 *       nothing; a value that is not a whole number {@code >= 0} makes creating the pool fail with
 *       an {@code IllegalArgumentException} naming the property).
 *   <li>{@systemProperty io.github.chunkedbuffer.vector}: {@code false} keeps the byte search on its
 *       portable path even when the JVM runs with {@code --add-modules jdk.incubator.vector} (Java
 *       21 or newer), where it would otherwise use the Vector API for heap chunks; read once, when
 *       the first pipe makes its first chunk, and only when that module is present (default {@code
 *       true}; another value keeps the portable path and logs a warning naming the property).
 * </ul>
 *
 * @uses io.github.chunkedbuffer.pipe.spi.PipeProvider
 * @uses io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider
 */
module io.github.chunkedbuffer.pipe {
  exports io.github.chunkedbuffer.pipe;
  exports io.github.chunkedbuffer.pipe.spi;

  uses io.github.chunkedbuffer.pipe.spi.PipeProvider;
  uses io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;
}
