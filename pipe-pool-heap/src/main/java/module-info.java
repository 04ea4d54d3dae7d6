/**
 * A pool of heap {@link java.nio.ByteBuffer}s, registered as {@code heap} (priority 30, the default
 * when present).
 *
 * @provides io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider
 */
module io.github.chunkedbuffer.pool.heap {
  requires io.github.chunkedbuffer.pipe;
  requires io.github.chunkedbuffer.pool.core;

  provides io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider with
      io.github.chunkedbuffer.pool.heap.HeapChunkPoolProvider;
}
