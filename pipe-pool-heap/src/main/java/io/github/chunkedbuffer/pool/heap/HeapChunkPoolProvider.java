package io.github.chunkedbuffer.pool.heap;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;
import io.github.chunkedbuffer.pool.core.SizeClassPools;

/**
 * The {@code heap} pool: heap {@link java.nio.ByteBuffer}s in power-of-two size classes from 512 B
 * to 4 MiB, kept for reuse up to a byte bound.
 *
 * <p>Why pool heap memory at all, when the JVM allocates it in a few instructions? Because a
 * pipe's chunks are large (kilobytes to hundreds of kilobytes) and short-lived in bursts: every
 * fresh chunk must be zeroed by the JVM and survives long enough to be copied between young
 * generation spaces, and a stream of such chunks drives collections. Reusing a warm buffer avoids
 * both. Small pools win most of that; large ones mostly pin memory, hence the bound.
 *
 * <p>All the work is done by the size-class pool of {@code pipe-pool-core} (class {@code
 * SizeClassPool}, whose description is the real essay; {@link SizeClassPools} builds it):
 * requests are rounded up to a size class; kept buffers live in a fixed number of stripes (one per
 * core up to 16, picked by the calling thread's id, so the count does not grow with threads
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
 *
 * <p>This class registers the pool (priority 30); it is public only because {@link
 * java.util.ServiceLoader} instantiates it. Applications reach the pool through {@code
 * ChunkPools.get("heap")}.
 */
public final class HeapChunkPoolProvider implements ChunkPoolProvider {

  /** The name the pool is registered under. */
  static final String NAME = "heap";

  /** Called by {@link java.util.ServiceLoader}. */
  public HeapChunkPoolProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 30;
  }

  /**
   * Creates a new heap pool bounded by {@code io.github.chunkedbuffer.pool.maxPooledBytes}, read now.
   *
   * @throws IllegalArgumentException when that property is set to something that is not a whole
   *     number {@code >= 0}
   */
  @Override
  public ChunkPool create() {
    return SizeClassPools.heap().name(NAME).build();
  }
}
