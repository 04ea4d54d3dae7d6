/**
 * Chunked pipes for streaming binary I/O: {@link io.github.chunkedbuffer.pipe.Pipe}, the views it
 * hands out without copying ({@link io.github.chunkedbuffer.pipe.ByteSequence}) and the pools its
 * chunks come from ({@link io.github.chunkedbuffer.pipe.ChunkPool}, {@link
 * io.github.chunkedbuffer.pipe.ChunkPools}).
 */
package io.github.chunkedbuffer.pipe;
