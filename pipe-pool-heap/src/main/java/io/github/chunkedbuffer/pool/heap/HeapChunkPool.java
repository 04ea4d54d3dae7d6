package io.github.chunkedbuffer.pool.heap;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import io.github.chunkedbuffer.pipe.internal.SizeClassPool;
import java.nio.ByteBuffer;

/**
 * The {@code heap} pool: heap {@link ByteBuffer}s in power-of-two size classes from 512 B to 4 MiB,
 * kept for reuse up to a byte bound.
 *
 * <p>Why pool heap memory at all, when the JVM allocates it in a few instructions? Because a
 * pipe's chunks are large (kilobytes to hundreds of kilobytes) and short-lived in bursts: every
 * fresh chunk must be zeroed by the JVM and survives long enough to be copied between young
 * generation spaces, and a stream of such chunks drives collections. Reusing a warm buffer avoids
 * both. Small pools win most of that; large ones mostly pin memory, hence the bound.
 *
 * <p>All the work is done by {@link SizeClassPool}, whose class description is the real essay:
 * requests are rounded up to a size class; kept buffers live in a fixed number of stripes (one per
 * core up to 16, picked by a hash of the calling thread, so the count does not grow with threads
 * and virtual threads cost nothing extra); a stripe is taken with a one-word try-lock and a busy
 * stripe is skipped, never waited for; the pool keeps at most {@code
 * io.github.chunkedbuffer.pool.maxPooledBytes} bytes (default 64 MiB), split evenly over the stripes,
 * and hands anything beyond that to the garbage collector at once. Requests above 4 MiB are
 * allocated exactly and never kept.
 *
 * <p>The pool takes back only what it can have lent: a writable heap buffer that is the whole of
 * its array (not a slice), whose capacity is a size class or above 4 MiB. Anything else is an
 * {@link IllegalArgumentException} that leaves the pool as it was.
 *
 * <p>Debug checks: with the system property {@code io.github.chunkedbuffer.debug=true} set when the
 * pool is created, it also remembers, by identity, every buffer it lent, and refuses a release of
 * a buffer it did not lend (another pool's, or a slice or duplicate of its own) or of one already
 * released (a double release) with an {@link IllegalArgumentException} whose message says which,
 * again leaving the pool as it was. Off by default; then the check costs one null test.
 */
final class HeapChunkPool implements ChunkPool {

  /** Does all the work; fixed. */
  private final SizeClassPool engine;

  HeapChunkPool(SizeClassPool engine) {
    this.engine = engine;
  }

  @Override
  public ByteBuffer acquire(int minCapacity) {
    return engine.acquire(minCapacity);
  }

  @Override
  public void release(ByteBuffer buffer) {
    engine.release(buffer);
  }

  @Override
  public String name() {
    return HeapChunkPoolProvider.NAME;
  }

  @Override
  public PoolStats stats() {
    return engine.stats();
  }

  @Override
  public String toString() {
    return engine.toString();
  }
}
