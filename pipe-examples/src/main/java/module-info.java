/**
 * A runnable demo of chunkedbuffer, wired the way an application is.
 *
 * <p>It {@code requires} only the API. The implementation and the pools are never named: they sit
 * on the module path beside it, and because the API module {@code uses} the service interfaces, the
 * module system resolves every module that provides them when it builds the boot layer.
 *
 * <p>It also shows how an application plugs in a pool of its own: {@link
 * io.github.chunkedbuffer.examples.CountingPoolProvider} registers the pool {@code counting}.
 *
 * @provides io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider the {@code counting} pool, priority
 *     5
 */
module io.github.chunkedbuffer.examples {
  requires io.github.chunkedbuffer.pipe;

  provides io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider with
      io.github.chunkedbuffer.examples.CountingPoolProvider;
}
