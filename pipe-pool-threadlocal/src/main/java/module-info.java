/**
 * Per-thread caches of chunks in front of another pool, registered as {@code thread-local}
 * (priority 10). The pool behind the caches is named by the system property {@code
 * io.github.chunkedbuffer.pool.threadlocal.delegate} (default {@code heap}).
 *
 * @provides io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider
 */
module io.github.chunkedbuffer.pool.threadlocal {
  requires io.github.chunkedbuffer.pipe;
  requires io.github.chunkedbuffer.pool.core;

  provides io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider with
      io.github.chunkedbuffer.pool.threadlocal.ThreadLocalChunkPoolProvider;
}
