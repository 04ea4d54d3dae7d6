package io.github.chunkedbuffer.pool.core;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code thread-local} pool: a small cache of chunks per platform thread in front of a shared
 * pool (the delegate, {@code heap} unless configured otherwise).
 *
 * <h2>Why per-thread caches, and for whom</h2>
 *
 * <p>A thread that acquires and releases chunks in a loop (an event-loop thread serving many
 * connections, a worker parsing one request after another) wants the buffer it released a moment
 * ago, warm in its own CPU cache, and wants it without touching a cache line any other thread
 * writes. A per-thread stack gives exactly that: a hit is an array pop with no atomic instruction
 * but a counter increment. The striped shared pools already avoid a global lock; this pool goes
 * one step further for programs with a few long-lived, busy platform threads.
 *
 * <p>Per-thread caches are also the classic way to leak memory, twice over. Virtual threads are
 * cheap and many, so a cache each would multiply the memory kept by the number of tasks (Netty
 * met this with its thread-local caches). So a virtual thread never gets a cache: it is detected
 * at run time ({@code Thread.isVirtual()}, looked up reflectively because the baseline is Java 17)
 * and goes straight to the delegate, which is striped and bounded independently of the number of
 * threads. The other leak is a dead thread's cache; see below.
 *
 * <h2>What is bounded</h2>
 *
 * <p>Each cache keeps at most {@value #DEPTH} buffers per size class and at most {@code
 * bytesPerThread} bytes (1 MiB by default, less if the pool's bound is smaller); a class larger
 * than that budget is never cached. At most {@code maxCaches} platform threads get a cache, by
 * default {@code maxCaches = maxPooledBytes / bytesPerThread} where {@code maxPooledBytes} comes from
 * {@code io.github.chunkedbuffer.pool.maxPooledBytes} (default 64 MiB, so 64 caches; {@link
 * ThreadLocalPools.Builder} sets both otherwise); threads past that go to the delegate like virtual
 * threads. So the bytes in all caches together never exceed {@code bytesPerThread * maxCaches}, and
 * no shared counter is touched to enforce it: the only shared step is
 * registering a thread, once per thread. The delegate keeps its own, separate bound. Requests
 * above the largest size class (4 MiB) always go to the delegate.
 *
 * <p>A thread holds one cache at most, however often its ThreadLocals are erased. Some threads
 * erase them between tasks: the workers of {@code ForkJoinPool.commonPool()} (where {@code
 * CompletableFuture}'s async steps and the HTTP client's retries run) and the thread of every
 * {@link java.lang.ref.Cleaner}. The {@code ThreadLocal} is only the fast way to a thread's cache;
 * the registry, keyed by thread id, is the record. A thread that finds its {@code ThreadLocal}
 * empty looks itself up there first and takes back the cache it had, with the buffers in it, and
 * only a thread with no entry registers a new one. (Registering again instead would leave the old
 * cache registered, and full, for as long as the thread lives; each idle period of such a thread
 * would take one more of the {@code maxCaches} slots, until every later thread got none.) An entry
 * counts as the caller's only when it refers to that very thread: a thread id is unique while the
 * thread lives, and an entry left by a dead thread whose id came round again is retired by the
 * sweep before the newcomer registers. A thread refused a cache asks again after each erasure,
 * paying the registration sweep each time, and gets a cache once a slot has come free.
 *
 * <h2>How memory is given back</h2>
 *
 * <p>A release first tries the releasing thread's cache (whichever thread acquired the buffer: a
 * chunk acquired on one thread and released on another simply moves to the second thread's cache)
 * and otherwise gives the buffer to the delegate, so a full cache hands everything beyond its
 * budget on at once. A thread's cache lives as long as the thread; when the thread dies its
 * buffers must go back to the delegate, not sit unreachable. Every cache is registered with a
 * {@link WeakReference} to its thread (the cache itself never refers to the thread, or the thread
 * could never be collected). Two sweeps find dead owners. A cheap one polls the reference queue,
 * to which the garbage collector adds the reference of a collected thread; it runs on every trip
 * to the delegate (a miss, an overflow), costs one volatile read when the queue is empty, and
 * retires what it finds. A full one checks each registered cache's thread for {@code isAlive()};
 * it runs when a new thread registers, which is when a thread pool replaces dead workers, and
 * costs at most {@code maxCaches} steps. Neither runs on a cache hit. A thread that erases its
 * ThreadLocals is alive, so neither sweep touches its cache, and it finds the cache again through
 * the registry (see above): its buffers stay its own while it lives and go back when it dies, like
 * any other thread's. A {@code Cleaner} was the other candidate, but it would release buffers on
 * the cleaner's thread at a moment of the collector's choosing and would still need the registry
 * for statistics; the sweeps need no extra thread and free a dead thread's slot as soon as a new
 * thread needs one.
 *
 * <h2>Counters</h2>
 *
 * <p>{@link #stats()} describes what this pool lent and took back as its users see it: {@code
 * hits} were served from a thread's cache, {@code misses} went to the delegate (every acquisition
 * on a virtual thread is a miss), and {@code pooledBytes} is what sits in the per-thread caches
 * now, not counting what the delegate keeps (ask the delegate for that). Counters are {@link
 * LongAdder}s; a snapshot is exact once no thread is inside the pool.
 *
 * <h2>What is accepted back</h2>
 *
 * <p>A buffer whose capacity is neither a size class nor oversize cannot have come from this pool,
 * and is refused here, in this pool's name, with {@link BufferChecks#checkCapacity} — unless the
 * delegate has lent such capacities through this pool (a user's pool may round requests up its own
 * way); then the delegate judges it. One that would be cached is checked here: it must be writable,
 * of a kind (heap or direct) the delegate has lent through this pool, and for heap buffers the
 * whole of its array. Anything else is an {@link IllegalArgumentException}, and nothing changes;
 * that holds also when the delegate refuses a buffer passed on to it, whose debug record is then
 * restored.
 *
 * <h2>Debug checks</h2>
 *
 * <p>With the system property {@code io.github.chunkedbuffer.debug=true} set when the pool is
 * created (or {@link ThreadLocalPools.Builder#debug(boolean)}), the pool records every buffer it
 * lends by identity ({@link LentBuffers}) and refuses a release of a buffer it did not lend or of
 * one already released (a double release) with an {@link IllegalArgumentException} that says which
 * and leaves the pool, its caches and its delegate as they were. The check sits in this pool, not
 * only in the delegate, because a release that lands in a thread's cache never reaches the
 * delegate: without it a double release would put one buffer twice in a cache, and the thread
 * would later be lent it twice. The delegate, when created with debug checks too, keeps its own
 * record of what it lent to this pool. With the checks off (the default) they cost one null test.
 */
final class ThreadLocalChunkPool implements ChunkPool {

  /** The name of the registered pool, and of a built one unless named otherwise. */
  static final String NAME = "thread-local";

  /** The most buffers a cache keeps per size class. */
  static final int DEPTH = 8;

  /** The most bytes one thread's cache keeps by default. */
  static final long DEFAULT_BYTES_PER_THREAD = 1L << 20;

  private static final int HEAP = 1;
  private static final int DIRECT = 2;

  /** The delegate has lent a capacity that is neither a size class nor oversize. */
  private static final int ODD_CAPACITY = 4;

  private static final VarHandle KINDS;

  static {
    try {
      KINDS = MethodHandles.lookup().findVarHandle(ThreadLocalChunkPool.class, "kindsSeen", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The pool's name, for {@link #name()} and messages; fixed. */
  private final String name;

  /** Where misses go and where overflow and dead threads' buffers return; fixed. */
  private final ChunkPool delegate;

  /** The byte budget of each cache; fixed. */
  private final long bytesPerThread;

  /** The most caches that may exist at once; fixed. */
  private final int maxCaches;

  /**
   * The calling platform thread's cache: null until its first use (and again after the thread
   * erased its ThreadLocals), then its registered cache, or {@link #noCache} when it was refused
   * one. A shortcut to the {@link #registry}, which is the record. Never read or set on a virtual
   * thread.
   */
  // Per instance on purpose: each pool has its own caches and bound, and a static ThreadLocal would
  // mix buffers of different pools (and delegates) in one thread's cache.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<SizeClassStacks> current = new ThreadLocal<>();

  /** A cache that keeps nothing, given to platform threads refused a cache of their own. */
  private final SizeClassStacks noCache = new SizeClassStacks(0, 0);

  /**
   * Every cache whose owner has not yet been seen dead, by the owner's thread id, so that a thread
   * whose ThreadLocals were erased finds its cache again. At most one entry per id; removing an
   * entry claims its draining.
   */
  private final ConcurrentHashMap<Long, CacheRef> registry = new ConcurrentHashMap<>();

  /** Receives the {@link CacheRef}s of threads the garbage collector has collected. */
  private final ReferenceQueue<Thread> collected = new ReferenceQueue<>();

  /** Caches registered and not yet retired, {@code <= maxCaches}; reserved before registering. */
  private final AtomicInteger cacheCount = new AtomicInteger();

  /** Acquisitions served from a thread's cache. */
  private final LongAdder hits = new LongAdder();

  /** Acquisitions passed to the delegate. */
  private final LongAdder misses = new LongAdder();

  /** Buffers taken back (cached or passed on). */
  private final LongAdder released = new LongAdder();

  /**
   * Bit set of the kinds ({@link #HEAP}, {@link #DIRECT}) the delegate has lent through this pool,
   * and {@link #ODD_CAPACITY} once it lent a capacity no size class has; bits are only ever added.
   * Volatile: a thread that receives a buffer (from whichever thread acquired it) sees the bit that
   * was set before the buffer was handed out.
   */
  @SuppressWarnings("unused") // written through KINDS
  private volatile int kindsSeen;

  /** Debug checks: the buffers lent, by identity; {@code null} when the checks are off. Fixed. */
  private final LentBuffers lentBuffers;

  /**
   * Creates a pool named {@value #NAME}, with debug checks as the system property {@code
   * io.github.chunkedbuffer.debug} says now.
   *
   * @param delegate the shared pool behind the caches
   * @param bytesPerThread the byte budget of each cache, {@code >= 0}
   * @param maxCaches the most caches at once, {@code >= 0}
   */
  ThreadLocalChunkPool(ChunkPool delegate, long bytesPerThread, int maxCaches) {
    this(NAME, delegate, bytesPerThread, maxCaches, LentBuffers.debugByProperty());
  }

  /**
   * Creates a pool named {@value #NAME}; parameters as above, and {@code debug} turns the identity
   * checks of releases on or off.
   */
  ThreadLocalChunkPool(ChunkPool delegate, long bytesPerThread, int maxCaches, boolean debug) {
    this(NAME, delegate, bytesPerThread, maxCaches, debug);
  }

  /**
   * Creates a pool; {@link ThreadLocalPools.Builder} checks the settings and documents them.
   *
   * @param name the pool's name, for {@link #name()} and messages
   */
  ThreadLocalChunkPool(
      String name, ChunkPool delegate, long bytesPerThread, int maxCaches, boolean debug) {
    if (bytesPerThread < 0 || maxCaches < 0) {
      throw new IllegalArgumentException(
          "bytesPerThread and maxCaches must be >= 0, got " + bytesPerThread + " and " + maxCaches);
    }
    this.name = Objects.requireNonNull(name, "name");
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.bytesPerThread = bytesPerThread;
    this.maxCaches = maxCaches;
    this.lentBuffers = LentBuffers.createIf(debug, name);
  }

  @Override
  public ByteBuffer acquire(int minCapacity) {
    BufferChecks.checkRequest(minCapacity);
    int index = SizeClasses.indexFor(minCapacity);
    if (index >= SizeClasses.COUNT) {
      return fromDelegate(minCapacity);
    }
    SizeClassStacks cache = cacheOfCurrentThread();
    if (cache != null) {
      ByteBuffer kept = cache.pop(index);
      if (kept != null) {
        hits.increment();
        // The last holder may have moved position and limit or switched the byte order.
        kept.clear();
        kept.order(ByteOrder.BIG_ENDIAN);
        return LentBuffers.recordLent(lentBuffers, kept);
      }
    }
    return fromDelegate(SizeClasses.capacity(index));
  }

  @Override
  public void release(ByteBuffer buffer) {
    Objects.requireNonNull(buffer, "buffer");
    int index = SizeClasses.indexOfCapacity(buffer.capacity());
    if (index < 0 && (kindsSeen & ODD_CAPACITY) == 0) {
      BufferChecks.checkCapacity(buffer, name); // throws, naming this pool rather than the delegate
    }
    boolean cacheable = index >= 0 && index < SizeClasses.COUNT;
    if (cacheable) {
      checkCacheable(buffer);
    }
    LentBuffers record = lentBuffers;
    if (record != null) {
      // After the kind checks, before the cache or the delegate changes: a refusal changes nothing.
      record.takeBack(buffer);
    }
    if (cacheable) {
      SizeClassStacks cache = cacheOfCurrentThread();
      if (cache != null && cache.push(index, buffer)) {
        released.increment();
        return;
      }
    }
    // A capacity of the delegate's own (it judges it), oversize, or no room here: it goes back.
    try {
      delegate.release(buffer);
    } catch (RuntimeException e) {
      if (record != null) {
        record.undoTakeBack(buffer); // refused: the buffer is still lent, as before the call
      }
      throw e;
    }
    released.increment();
    retireCollected();
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Returns this pool's counters; {@code pooledBytes} counts the per-thread caches only, not the
   * delegate.
   */
  @Override
  public PoolStats stats() {
    long r = released.sum();
    long h = hits.sum();
    long m = misses.sum();
    long pooled = 0;
    for (CacheRef ref : registry.values()) {
      pooled += ref.cache.pooledBytes();
    }
    long acquired = h + m;
    return new PoolStats(acquired, r, acquired - r, pooled, h, m);
  }

  @Override
  public String toString() {
    return "ChunkPool[" + name + " over " + delegate.name() + ", caches=" + cacheCount.get() + "/"
        + maxCaches + ", bytesPerThread=" + bytesPerThread + (lentBuffers != null ? ", debug" : "")
        + "]";
  }

  /** Returns the number of per-thread caches alive now (for tests and diagnostics). */
  int cacheCount() {
    return cacheCount.get();
  }

  /**
   * Returns to the delegate the buffers of every cache whose thread has ended, at once, without
   * waiting for the garbage collector; what the full sweep on registration does. For tests.
   */
  void reclaimDeadThreads() {
    sweep();
  }

  private ByteBuffer fromDelegate(int capacity) {
    ByteBuffer b = delegate.acquire(capacity);
    int kind =
        (b.isDirect() ? DIRECT : HEAP)
            | (SizeClasses.indexOfCapacity(b.capacity()) < 0 ? ODD_CAPACITY : 0);
    if ((kindsSeen & kind) != kind) {
      KINDS.getAndBitwiseOr(this, kind);
    }
    misses.increment();
    retireCollected();
    return LentBuffers.recordLent(lentBuffers, b);
  }

  /** Returns the calling thread's cache, or null on a virtual thread. */
  private SizeClassStacks cacheOfCurrentThread() {
    Thread thread = Thread.currentThread();
    if (VirtualThreads.isVirtual(thread)) {
      return null;
    }
    SizeClassStacks cache = current.get();
    return cache != null ? cache : adopt(thread);
  }

  /**
   * Slow path, once per platform thread and again after each erasure of its ThreadLocals: give it
   * back the cache registered under its id, or else a new one if the bound allows.
   */
  @SuppressWarnings("deprecation") // getId() is deprecated from JDK 19 on; the baseline is 17
  private SizeClassStacks adopt(Thread thread) {
    long id = thread.getId();
    CacheRef mine = registry.get(id);
    if (mine == null || mine.get() != thread) {
      // No cache yet, or the entry is a dead thread's whose id was handed out again (the sweep
      // below retires it).
      mine = register(thread, id);
    }
    SizeClassStacks cache = mine != null ? mine.cache : noCache;
    current.set(cache);
    return cache;
  }

  /** Registers a new cache for {@code thread}; null when the bound allows no more. */
  private CacheRef register(Thread thread, long id) {
    sweep();
    if (cacheCount.incrementAndGet() > maxCaches) {
      cacheCount.decrementAndGet();
      return null;
    }
    CacheRef ref = new CacheRef(thread, id, new SizeClassStacks(bytesPerThread, DEPTH), collected);
    if (registry.putIfAbsent(id, ref) != null) {
      // A live thread of the same id holds the entry (only a subclass overriding getId() can
      // make that happen): this one goes without a cache rather than displace it.
      cacheCount.decrementAndGet();
      return null;
    }
    return ref;
  }

  private void checkCacheable(ByteBuffer buffer) {
    int seen = kindsSeen & (HEAP | DIRECT);
    if (seen == 0) {
      throw new IllegalArgumentException(
          "release(" + buffer + "): the " + name + " pool has not lent any buffer yet, so it"
              + " cannot have lent this one");
    }
    boolean wantDirect = seen == DIRECT || (seen == (HEAP | DIRECT) && buffer.isDirect());
    BufferChecks.checkKind(buffer, wantDirect, name);
  }

  /** Retires the caches of threads the garbage collector has collected; cheap when there are none. */
  private void retireCollected() {
    for (Reference<? extends Thread> ref; (ref = collected.poll()) != null; ) {
      retire((CacheRef) ref);
    }
  }

  /** Retires every cache whose thread has ended; at most {@code maxCaches} steps. */
  private void sweep() {
    retireCollected();
    for (CacheRef ref : registry.values()) {
      Thread owner = ref.get();
      if (owner == null || !owner.isAlive()) {
        retire(ref);
      }
    }
  }

  private void retire(CacheRef ref) {
    // Removal is the claim: of two sweepers, only the one that removes the entry drains it.
    if (registry.remove(ref.id, ref)) {
      ref.clear();
      ref.cache.drainTo(delegate);
      cacheCount.decrementAndGet();
    }
  }

  /** Registers a cache under a weak reference to its owner, so the owner stays collectable. */
  private static final class CacheRef extends WeakReference<Thread> {
    /**
     * The owner's cache; fixed. Only the owner pushes and pops, so no lock is needed. After the
     * owner has ended, exactly one sweeper (the one that removes this entry) drains it; it learned
     * of the end through {@code Thread.isAlive()} returning false, which the JLS (17.4.4) makes
     * synchronise-with the owner's last action, or through the collector clearing this reference,
     * which cannot happen before the thread has ended, so it sees every slot as the owner left it.
     */
    final SizeClassStacks cache;

    /** The owner's thread id, the registry key; fixed. */
    final long id;

    CacheRef(Thread owner, long id, SizeClassStacks cache, ReferenceQueue<Thread> queue) {
      super(owner, queue);
      this.id = id;
      this.cache = cache;
    }
  }
}
