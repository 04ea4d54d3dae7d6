/**
 * The chunked implementation of {@link io.github.chunkedbuffer.pipe.Pipe}. It exports nothing: the
 * API finds it through {@link io.github.chunkedbuffer.pipe.spi.PipeProvider}.
 */
module io.github.chunkedbuffer.pipe.impl {
  requires io.github.chunkedbuffer.pipe;

  provides io.github.chunkedbuffer.pipe.spi.PipeProvider with
      io.github.chunkedbuffer.pipe.impl.ChunkedPipeProvider;
}
