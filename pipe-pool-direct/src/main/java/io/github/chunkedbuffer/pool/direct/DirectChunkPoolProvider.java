package io.github.chunkedbuffer.pool.direct;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;
import io.github.chunkedbuffer.pool.core.SizeClassPools;

/**
 * The {@code direct} pool: direct (off-heap) {@link java.nio.ByteBuffer}s in power-of-two size
 * classes from 512 B to 4 MiB, kept for reuse up to a byte bound.
 *
 * <p>Direct buffers are the ones a channel can read into and write from without an extra copy
 * through a temporary native buffer, which is why a network pipe wants them. They are also
 * expensive to make and slow to give back: {@link java.nio.ByteBuffer#allocateDirect} reserves and
 * zeroes native memory under a global limit ({@code -XX:MaxDirectMemorySize}), and the memory returns only
 * when the garbage collector finds the buffer unreachable and runs its cleaner, which may be long
 * after. Pooling turns that into a pop from a stack.
 *
 * <p>All the work is done by the size-class pool of {@code pipe-pool-core} (class {@code
 * SizeClassPool}, whose description is the real essay; {@link SizeClassPools} builds it):
 * requests are rounded up to a size class; kept buffers live in a fixed number of stripes (one per
 * core up to 16, picked by the calling thread's id, so the count does not grow with threads
 * and virtual threads cost nothing extra); a stripe is taken with a one-word try-lock and a busy
 * stripe is skipped, never waited for; the pool keeps at most {@code
 * io.github.chunkedbuffer.pool.maxPooledBytes} bytes (default 64 MiB), split evenly over the stripes.
 * A buffer beyond that bound, or above 4 MiB, is dropped, and its native memory is freed when the
 * collector runs its cleaner; so the bound is also what this pool can hold back from the
 * direct-memory limit.
 *
 * <p>The pool takes back only what it can have lent: a writable direct buffer whose capacity is a
 * size class or above 4 MiB. Anything else is an {@link IllegalArgumentException} that leaves the
 * pool as it was. (A slice of a direct buffer cannot be told from a whole one cheaply; handing one
 * back is the caller's bug, and the pipe's own reference counts make sure it does not do so.)
 *
 * <p>Debug checks: with the system property {@code io.github.chunkedbuffer.debug=true} set when the
 * pool is created, it also remembers, by identity, every buffer it lent, and refuses a release of
 * a buffer it did not lend (another pool's, or a slice or duplicate of its own) or of one already
 * released (a double release) with an {@link IllegalArgumentException} whose message says which,
 * again leaving the pool as it was. Off by default; then the check costs one null test.
 *
 * <p>This class registers the pool (priority 20); it is public only because {@link
 * java.util.ServiceLoader} instantiates it. Applications reach the pool through {@code
 * ChunkPools.get("direct")}.
 */
public final class DirectChunkPoolProvider implements ChunkPoolProvider {

  /** The name the pool is registered under. */
  static final String NAME = "direct";

  /** Called by {@link java.util.ServiceLoader}. */
  public DirectChunkPoolProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 20;
  }

  /**
   * Creates a new direct pool bounded by {@code io.github.chunkedbuffer.pool.maxPooledBytes}, read
   * now.
   *
   * @throws IllegalArgumentException when that property is set to something that is not a whole
   *     number {@code >= 0}
   */
  @Override
  public ChunkPool create() {
    return SizeClassPools.direct().name(NAME).build();
  }
}
