package io.github.chunkedbuffer.pool.core;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine behind the {@code heap} and {@code direct} pools: buffers in power-of-two {@link
 * SizeClasses size classes}, kept in a few independent stripes so that threads rarely meet, under
 * one byte bound. The two pools differ only in {@link ByteBuffer#allocate} versus {@link
 * ByteBuffer#allocateDirect} and in which buffers they accept back.
 *
 * <h2>Why stripes</h2>
 *
 * <p>A single lock around the pool serialises every acquire and release of every thread; on a
 * server with many cores it becomes the hottest cache line in the process. A {@code ThreadLocal}
 * cache avoids that but costs one cache per thread, which is unbounded under virtual threads. The
 * middle road is a small fixed array of stripes (a power of two, one per core up to {@value
 * #MAX_STRIPES}). A thread goes first to the stripe its thread id picks; ids are handed out in
 * sequence, so threads started together spread over the stripes, and the number of stripes is
 * fixed no matter how many threads (platform or virtual) there are. Each stripe holds,
 * per size class, a short array used as a stack, so a hit hands back the most recently released
 * and therefore most likely cache-warm buffer.
 *
 * <h2>Why try-lock and give up</h2>
 *
 * <p>Each stripe is guarded by a one-word lock taken with a single compare-and-set. A thread that
 * finds its stripe taken does not spin and does not park: it tries the next stripe, and when it
 * runs out of stripes to try it gives up, which is always correct. An acquire that gives up
 * allocates a fresh buffer (a miss); a release that gives up leaves the buffer to the garbage
 * collector. Either costs a little memory traffic. Spinning instead would tie the waiter's fate to
 * the holder's: if the operating system deschedules the holder in its few-instruction critical
 * section, a spinner burns its whole time slice, and spinners pile up behind it. Never blocking
 * also means a virtual thread never parks or pins its carrier inside the pool. Acquire tries every
 * stripe (it is about to pay for an allocation otherwise, and a quick unlocked look at each stack's
 * size skips the empty ones, which matters when buffers are released on other threads than acquired
 * them); release tries only {@value #RELEASE_PROBES}, since dropping a buffer is cheap.
 *
 * <h2>What is bounded</h2>
 *
 * <p>The pool keeps at most {@code maxPooledBytes} bytes (system property {@value
 * PoolSettings#MAX_POOLED_BYTES_PROPERTY}, default 64 MiB), split evenly between the stripes, each
 * of which refuses a buffer that would take it over its share. No global counter is touched on
 * the hot path, yet the sum can never exceed the bound. Each class's stack in a stripe also has at
 * most {@value #MAX_DEPTH} slots, so a burst of one size cannot crowd out all others in a stripe.
 * Oversize buffers are never kept. What the pool lends is not bounded: a pool is a cache, not a
 * quota.
 *
 * <h2>How memory is given back</h2>
 *
 * <p>Every buffer beyond the bound goes to the garbage collector at once, so the memory held after a
 * spike is at most the bound. There is no background thread and no clock on the hot path, so memory
 * below the bound that sits idle stays until it is used again; an application that wants less kept
 * lowers the bound ({@code 0} keeps nothing). For direct buffers, "given to the garbage collector"
 * means the native memory is freed when the collector runs the buffer's cleaner.
 *
 * <h2>Debug checks</h2>
 *
 * <p>With debug checks on (system property {@value LentBuffers#DEBUG_PROPERTY}{@code =true}, read
 * when the pool is created, or the {@code debug} argument of {@link #forHeap(String, long, int,
 * boolean)} and {@link #forDirect(String, long, int, boolean)}), the pool records every buffer it
 * lends by identity ({@link LentBuffers}) and refuses, with an {@link IllegalArgumentException} that
 * leaves the pool as it was, a release of a buffer that was already released (a double release,
 * which would otherwise put one buffer in two slots and later lend it to two holders) or that this
 * pool never lent (another pool's buffer, a slice or duplicate of one). The checks cost a map
 * operation per acquire and release; with them off (the default) they cost one null check of a
 * final field, and such releases are accepted ({@link ChunkPool} says what follows).
 *
 * <h2>Counters</h2>
 *
 * <p>Hits, misses and releases are {@link LongAdder}s, which spread contended increments over
 * cells; {@code acquired} is derived as {@code hits + misses}, so that identity can never break.
 * A snapshot taken while other threads work may be off by the operations in flight; once they have
 * stopped (and their end happens-before the snapshot, as with {@link Thread#join()}) it is exact.
 */
final class SizeClassPool implements ChunkPool {

  /** The most stripes a pool has; more would only thin each stripe's share of the bound. */
  static final int MAX_STRIPES = 16;

  /** The most buffers one stripe keeps of one size class. */
  static final int MAX_DEPTH = 32;

  /** How many stripes a release tries before it drops the buffer. */
  static final int RELEASE_PROBES = 2;

  /** Pool name used in messages, such as {@code "heap"}. */
  private final String name;

  /** True for a pool of direct buffers, false for heap buffers; fixed. */
  private final boolean direct;

  /** The bound on bytes kept, over all stripes; fixed. */
  private final long maxPooledBytes;

  /** The stripes; length a power of two; the array and its elements never change. */
  private final Stripe[] stripes;

  /** {@code stripes.length - 1}. */
  private final int stripeMask;

  /** Acquisitions served from a stripe. */
  private final LongAdder hits = new LongAdder();

  /** Acquisitions that allocated (including every oversize one). */
  private final LongAdder misses = new LongAdder();

  /** Buffers taken back, kept or not. */
  private final LongAdder released = new LongAdder();

  /** Debug checks: the buffers lent, by identity; {@code null} when the checks are off. Fixed. */
  private final LentBuffers lentBuffers;

  private SizeClassPool(
      String name, boolean direct, long maxPooledBytes, int stripeCount, boolean debug) {
    if (maxPooledBytes < 0) {
      throw new IllegalArgumentException("maxPooledBytes must be >= 0, got " + maxPooledBytes);
    }
    if (stripeCount < 1 || stripeCount > MAX_STRIPES || Integer.bitCount(stripeCount) != 1) {
      throw new IllegalArgumentException(
          "stripes must be a power of two from 1 to " + MAX_STRIPES + ", got " + stripeCount);
    }
    this.name = name;
    this.direct = direct;
    this.maxPooledBytes = maxPooledBytes;
    this.stripes = new Stripe[stripeCount];
    this.stripeMask = stripeCount - 1;
    this.lentBuffers = LentBuffers.createIf(debug, name);
    long share = maxPooledBytes / stripeCount;
    for (int i = 0; i < stripeCount; i++) {
      // Each Stripe allocates its stacks right after itself, so consecutive stripes' lock words
      // normally land kilobytes apart instead of sharing a cache line.
      stripes[i] = new Stripe(share);
    }
  }

  /**
   * Creates a pool of heap buffers, with debug checks on when the system property {@value
   * LentBuffers#DEBUG_PROPERTY} is {@code true} now.
   *
   * @param name the pool's name, used in messages
   * @param maxPooledBytes the most bytes kept for reuse, {@code >= 0}
   * @param stripes a power of two from 1 to 16; see {@link #defaultStripes()}
   */
  static SizeClassPool forHeap(String name, long maxPooledBytes, int stripes) {
    return forHeap(name, maxPooledBytes, stripes, LentBuffers.debugByProperty());
  }

  /**
   * Creates a pool of heap buffers; {@code debug} turns the identity checks of releases on or off
   * regardless of the system property.
   */
  static SizeClassPool forHeap(String name, long maxPooledBytes, int stripes, boolean debug) {
    return new SizeClassPool(name, false, maxPooledBytes, stripes, debug);
  }

  /** Creates a pool of direct buffers; parameters as for {@link #forHeap(String, long, int)}. */
  static SizeClassPool forDirect(String name, long maxPooledBytes, int stripes) {
    return forDirect(name, maxPooledBytes, stripes, LentBuffers.debugByProperty());
  }

  /** Creates a pool of direct buffers; parameters as for {@link #forHeap(String, long, int, boolean)}. */
  static SizeClassPool forDirect(
      String name, long maxPooledBytes, int stripes, boolean debug) {
    return new SizeClassPool(name, true, maxPooledBytes, stripes, debug);
  }

  /** Returns whether this pool makes the debug checks of releases. */
  boolean debug() {
    return lentBuffers != null;
  }

  /** Returns the number of stripes for this machine: processors rounded up to a power of two, at most 16. */
  static int defaultStripes() {
    int cpus = Math.min(Runtime.getRuntime().availableProcessors(), MAX_STRIPES);
    return cpus <= 1 ? 1 : Integer.highestOneBit(cpus - 1) << 1;
  }

  /** Returns the bound this pool was created with. */
  long maxPooledBytes() {
    return maxPooledBytes;
  }

  /**
   * Lends a buffer as {@link io.github.chunkedbuffer.pipe.ChunkPool#acquire(int)} specifies: its
   * capacity is {@code minCapacity} rounded up to a size class, or exactly {@code minCapacity} when
   * that is above the largest class; position 0, limit = capacity, big-endian.
   *
   * @throws IllegalArgumentException when {@code minCapacity < 1}
   */
  @Override
  public ByteBuffer acquire(int minCapacity) {
    BufferChecks.checkRequest(minCapacity);
    int index = SizeClasses.indexFor(minCapacity);
    if (index >= SizeClasses.COUNT) {
      ByteBuffer fresh = allocate(minCapacity);
      misses.increment();
      return LentBuffers.recordLent(lentBuffers, fresh);
    }
    ByteBuffer kept = take(index);
    if (kept != null) {
      hits.increment();
      // The last holder may have moved position and limit or switched the byte order.
      kept.clear();
      kept.order(ByteOrder.BIG_ENDIAN);
      return LentBuffers.recordLent(lentBuffers, kept);
    }
    ByteBuffer fresh = allocate(SizeClasses.capacity(index));
    misses.increment();
    return LentBuffers.recordLent(lentBuffers, fresh);
  }

  /**
   * Takes back a buffer; keeps it when its stripe has room, drops it otherwise.
   *
   * @throws NullPointerException when {@code buffer} is null
   * @throws IllegalArgumentException when this pool cannot have lent {@code buffer}, or, with debug
   *     checks on, when it did not lend this very buffer or it was released already; nothing
   *     changes
   */
  @Override
  public void release(ByteBuffer buffer) {
    BufferChecks.checkKind(buffer, direct, name);
    int index = BufferChecks.checkCapacity(buffer, name);
    LentBuffers record = lentBuffers;
    if (record != null) {
      record.takeBack(buffer); // last check: throws before anything changed
    }
    released.increment();
    if (index < SizeClasses.COUNT) {
      offer(index, buffer);
    }
  }

  /** Returns the counters; exact once no acquire or release is in flight. */
  @Override
  public PoolStats stats() {
    // Releases first: a concurrent acquire-then-release between the reads can then only make
    // outstanding look too high for a moment, never negative.
    long r = released.sum();
    long h = hits.sum();
    long m = misses.sum();
    long pooled = 0;
    for (Stripe s : stripes) {
      pooled += s.stacks.pooledBytes();
    }
    long acquired = h + m;
    return new PoolStats(acquired, r, acquired - r, pooled, h, m);
  }

  private ByteBuffer allocate(int capacity) {
    return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
  }

  @SuppressWarnings("deprecation") // getId() is deprecated from JDK 19 on; the baseline is 17
  private int homeStripe() {
    // Thread ids are handed out in sequence, so threads started together (a server's workers, an
    // event-loop group) land on different stripes; a random hash would put two of two threads on
    // one stripe half of the time.
    return (int) Thread.currentThread().getId() & stripeMask;
  }

  private ByteBuffer take(int index) {
    int home = homeStripe();
    for (int i = 0; i <= stripeMask; i++) {
      Stripe s = stripes[(home + i) & stripeMask];
      if (s.stacks.looksEmpty(index) || !s.tryLock()) {
        continue;
      }
      try {
        ByteBuffer b = s.stacks.pop(index);
        if (b != null) {
          return b;
        }
      } finally {
        s.unlock();
      }
    }
    return null;
  }

  private void offer(int index, ByteBuffer buffer) {
    int home = homeStripe();
    int probes = Math.min(RELEASE_PROBES, stripes.length);
    for (int i = 0; i < probes; i++) {
      Stripe s = stripes[(home + i) & stripeMask];
      if (!s.tryLock()) {
        continue;
      }
      try {
        if (s.stacks.push(index, buffer)) {
          return;
        }
      } finally {
        s.unlock();
      }
    }
    // Every stripe tried was busy or full: the garbage collector takes the buffer.
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "ChunkPool[" + name + ", stripes=" + stripes.length + ", maxPooledBytes=" + maxPooledBytes
        + (lentBuffers != null ? ", debug" : "") + "]";
  }

  /** One stripe: a lock word and the stacks it guards, changed only by the lock's holder. */
  private static final class Stripe {
    private static final VarHandle LOCK;

    static {
      try {
        LOCK = MethodHandles.lookup().findVarHandle(Stripe.class, "lock", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    /**
     * 0 when free, 1 when held. Taken with a volatile compare-and-set (acquire semantics), freed
     * with a release store, so everything the holder wrote happens-before the next holder's reads.
     */
    @SuppressWarnings("unused") // accessed only through LOCK
    private int lock;

    /** The kept buffers; their counts may be peeked at without the lock (see SizeClassStacks). */
    final SizeClassStacks stacks;

    Stripe(long budget) {
      this.stacks = new SizeClassStacks(budget, MAX_DEPTH);
    }

    boolean tryLock() {
      return LOCK.compareAndSet(this, 0, 1);
    }

    void unlock() {
      LOCK.setRelease(this, 0);
    }
  }
}
