package io.github.chunkedbuffer.examples;

import io.github.chunkedbuffer.pipe.PoolStats;

/**
 * What one demo run did; every message in it was verified.
 *
 * @param pool the name of the pool the pipe used
 * @param messages messages received and verified
 * @param zeroCopyMessages how many of them were read without copying
 * @param bytes bytes received
 * @param nanos time from connecting to the end of the stream
 * @param before the pool's counters before the pipe was created
 * @param after the pool's counters after the pipe was closed
 */
public record DemoResult(
    String pool,
    long messages,
    long zeroCopyMessages,
    long bytes,
    long nanos,
    PoolStats before,
    PoolStats after) {

  /** Returns the throughput in MB (10^6 bytes) per second. */
  public double megabytesPerSecond() {
    return nanos == 0 ? 0 : bytes * 1e3 / nanos;
  }

  /**
   * Returns whether the pool lends as many buffers as before the run: the pipe returned them all.
   */
  public boolean outstandingRestored() {
    return after.outstanding() == before.outstanding();
  }
}
