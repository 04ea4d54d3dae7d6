package io.github.chunkedbuffer.pipe;

import java.nio.ByteBuffer;

/**
 * A source of chunk memory for pipes. Implementations are thread-safe.
 *
 * <p>Pools are found through {@link io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider} and shared
 * by name ({@link ChunkPools#get(String)}); a pipe may also be given any instance directly.
 *
 * <h2>Which bad releases are caught</h2>
 *
 * <p>A pipe releases each chunk it acquired exactly once, when its own reference counts (the pipe's
 * and those of the {@link ByteSequence}s sharing the chunk) fall to zero; closing a pipe or a
 * sequence twice releases nothing twice. Bad releases come from code that calls {@link
 * #release(ByteBuffer)} itself. What the pools of this library ({@code heap}, {@code direct},
 * {@code thread-local}, {@code unpooled}) do with one:
 *
 * <ul>
 *   <li><b>Always refused</b>, with {@link IllegalArgumentException} and the pool unchanged: a
 *       buffer the pool cannot have lent by its looks. That is a read-only buffer, a buffer of the
 *       other kind (direct to a heap pool, or the reverse), a heap buffer that is not the whole of
 *       its array (a slice or a view), and a capacity no acquisition of the pool produces (neither
 *       a size class nor above the largest). {@code null} is a {@link NullPointerException}.
 *   <li><b>Refused only with debug checks</b> (system property {@code
 *       io.github.chunkedbuffer.debug=true} when the pool is created): a buffer that looks right but
 *       that this pool did not lend (another pool's buffer, a fresh {@code ByteBuffer.allocate} of
 *       a size class, a {@code duplicate()} of a lent buffer, a slice of a direct buffer), and a
 *       buffer released a second time. Without the checks such a release is accepted and counted:
 *       {@link PoolStats#released()} grows, so {@link PoolStats#outstanding()} is one too low and
 *       can go below zero, which is the visible trace of it. Worse, the pool may keep the buffer
 *       and lend it again while its first holder (or, for a duplicate or slice, the holder of the
 *       memory it shares) still writes it, so two holders overwrite each other's bytes. The {@code
 *       unpooled} pool keeps nothing, so for it only the counters are wrong; it makes no debug
 *       checks.
 * </ul>
 *
 * <p>Why only with debug checks: telling two buffers of the same kind and capacity apart takes a
 * record of every buffer lent, by identity, and a map operation per acquire and release, which is
 * what debug mode pays. A cheaper count cannot stand in for it: refusing a release once as many
 * buffers came back as went out catches only some foreign releases, and after one of them it
 * would refuse the next honest release instead of the bad one; and a count exact enough to check
 * would be one shared atomic written by every acquire and release of every thread, the contention
 * the pools' stripes and per-thread caches exist to avoid. So without debug checks only the pipe
 * releases chunks; code that releases buffers by hand should run its tests with debug checks on.
 *
 * <p>A pool of one's own must refuse what it can tell it never lent, as above, and leave itself
 * unchanged when it does; whether it also tracks identities is its choice.
 */
public interface ChunkPool {

  /**
   * Lends a buffer with {@code capacity() >= minCapacity}, position 0 and limit equal to its
   * capacity. Its content is unspecified. The caller owns it until it passes it to
   * {@link #release(ByteBuffer)}, exactly once.
   *
   * @param minCapacity the least capacity wanted, at least 1
   * @return a buffer of at least {@code minCapacity} bytes, position 0, limit = capacity
   * @throws IllegalArgumentException when {@code minCapacity < 1}
   * @throws OutOfMemoryError when memory for it cannot be had
   */
  ByteBuffer acquire(int minCapacity);

  /**
   * Takes back a buffer that {@link #acquire(int)} lent. Position and limit may be anything. See
   * the class description for which bad releases are caught without debug checks and which only
   * with them.
   *
   * @param buffer a buffer this pool lent, given back exactly once
   * @throws IllegalArgumentException when the pool cannot have lent {@code buffer} (wrong kind,
   *     read-only, impossible capacity), or, with debug checks on, when it did not lend this very
   *     buffer or it was released already; the pool is unchanged
   * @throws NullPointerException when {@code buffer} is null
   */
  void release(ByteBuffer buffer);

  /**
   * Returns the name the pool is registered under, such as {@code "heap"}.
   *
   * @return the pool's name
   */
  String name();

  /**
   * Returns a snapshot of the pool's counters, exact once no acquire or release is in flight.
   * {@code outstanding} is never negative unless a release was accepted that should not have been
   * (see the class description).
   *
   * @return the counters at one moment
   */
  PoolStats stats();
}
