package io.github.chunkedbuffer.pipe.spi;

import io.github.chunkedbuffer.pipe.ChunkPool;
import java.util.Objects;

/**
 * What {@link io.github.chunkedbuffer.pipe.Pipe.Builder} hands a {@link PipeProvider}.
 *
 * @param pool where chunks come from
 * @param minChunkSize the smallest chunk size, at least 1
 * @param maxChunkSize the largest number of data bytes in a chunk, at least {@code minChunkSize}
 */
public record PipeOptions(ChunkPool pool, int minChunkSize, int maxChunkSize) {

  /**
   * Checks the options.
   *
   * @throws IllegalArgumentException when {@code minChunkSize < 1} or {@code minChunkSize >
   *     maxChunkSize}
   */
  public PipeOptions {
    Objects.requireNonNull(pool, "pool");
    if (minChunkSize < 1 || minChunkSize > maxChunkSize) {
      throw new IllegalArgumentException(
          "need 1 <= minChunkSize <= maxChunkSize, got " + minChunkSize + " and " + maxChunkSize);
    }
  }
}
