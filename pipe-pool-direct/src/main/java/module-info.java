/**
 * A pool of direct {@link java.nio.ByteBuffer}s, registered as {@code direct} (priority 20).
 *
 * @provides io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider
 */
module io.github.chunkedbuffer.pool.direct {
  requires io.github.chunkedbuffer.pipe;
  requires io.github.chunkedbuffer.pool.core;

  provides io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider with
      io.github.chunkedbuffer.pool.direct.DirectChunkPoolProvider;
}
