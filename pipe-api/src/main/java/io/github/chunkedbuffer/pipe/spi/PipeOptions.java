package io.github.chunkedbuffer.pipe.spi;

import io.github.chunkedbuffer.pipe.ChunkPool;
import java.util.Objects;

/**
 * What {@link io.github.chunkedbuffer.pipe.Pipe.Builder} hands a {@link PipeProvider}.
 *
 * @param pool where chunks come from
 * @param minChunkSize the smallest chunk size, at least 1
 * @param maxChunkSize the largest number of data bytes in a chunk, at least {@code minChunkSize}
 * @param concurrent whether one writer and one reader thread may use the pipe at once
 * @param pauseAtBytes a concurrent pipe holds its writer back while more bytes than this are unread
 *     ({@link Long#MAX_VALUE} when not concurrent)
 * @param resumeAtBytes ... until they are down to this many ({@link Long#MAX_VALUE} when not
 *     concurrent)
 * @param maxBufferedBytes the most unread bytes the pipe holds ({@link Long#MAX_VALUE}: no limit)
 * @param debug whether leak reports and poisoning of released chunks are on
 */
public record PipeOptions(
    ChunkPool pool,
    int minChunkSize,
    int maxChunkSize,
    boolean concurrent,
    long pauseAtBytes,
    long resumeAtBytes,
    long maxBufferedBytes,
    boolean debug) {

  /**
   * Options of a pipe that is not concurrent, has no limit and no debug checks.
   *
   * @param pool where chunks come from
   * @param minChunkSize the smallest chunk size, at least 1
   * @param maxChunkSize the largest number of data bytes in a chunk, at least {@code minChunkSize}
   * @throws IllegalArgumentException as the canonical constructor
   */
  public PipeOptions(ChunkPool pool, int minChunkSize, int maxChunkSize) {
    this(pool, minChunkSize, maxChunkSize, false, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, false);
  }

  /**
   * Checks the options.
   *
   * @param pool where chunks come from
   * @param minChunkSize the smallest chunk size
   * @param maxChunkSize the largest number of data bytes in a chunk
   * @param concurrent whether one writer and one reader thread may use the pipe at once
   * @param pauseAtBytes unread bytes above which a concurrent writer is held back
   * @param resumeAtBytes unread bytes at which a held-back writer goes on
   * @param maxBufferedBytes the most unread bytes the pipe holds
   * @param debug whether debug checks are on
   * @throws NullPointerException when {@code pool} is null
   * @throws IllegalArgumentException when {@code minChunkSize < 1}, {@code minChunkSize >
   *     maxChunkSize}, or the thresholds break {@code 0 <= resumeAtBytes <= pauseAtBytes},
   *     {@code pauseAtBytes >= 1}
   */
  public PipeOptions {
    Objects.requireNonNull(pool, "pool");
    if (minChunkSize < 1 || minChunkSize > maxChunkSize) {
      throw new IllegalArgumentException(
          "need 1 <= minChunkSize <= maxChunkSize, got " + minChunkSize + " and " + maxChunkSize);
    }
    if (pauseAtBytes < 1 || resumeAtBytes < 0 || resumeAtBytes > pauseAtBytes) {
      throw new IllegalArgumentException(
          "need 1 <= pauseAtBytes and 0 <= resumeAtBytes <= pauseAtBytes, got "
              + pauseAtBytes
              + " and "
              + resumeAtBytes);
    }
    if (maxBufferedBytes < 1) {
      throw new IllegalArgumentException("need maxBufferedBytes >= 1, got " + maxBufferedBytes);
    }
  }
}
