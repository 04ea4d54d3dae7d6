package io.github.chunkedbuffer.pool.core;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pool's debug-mode record of the buffers it lent, by identity, so that a release of a buffer it
 * never lent (a foreign buffer, a slice, a duplicate) or of one that was already given back (a
 * double release) is refused with an {@link IllegalArgumentException} instead of silently
 * corrupting the pool: a double release would otherwise put one buffer in two slots, and the pool
 * would later lend it to two holders at once.
 *
 * <p>Why by identity: {@link ByteBuffer#equals} and {@link ByteBuffer#hashCode} compare the
 * remaining bytes, which change as holders write, so neither a {@code HashSet} nor a {@code
 * WeakHashMap} can tell buffers apart. Entries are keyed by a weak reference that hashes with
 * {@link System#identityHashCode} and compares referents with {@code ==}.
 *
 * <p>Why weak: each buffer has one entry, {@code LENT} while a holder has it and {@code RETURNED}
 * after it came back (whether the pool kept it or dropped it). Remembering returned buffers is what
 * lets the message say "double release" rather than "not lent by this pool"; holding them weakly
 * means a buffer the pool dropped, or one a holder lost without releasing, still goes to the
 * garbage collector, so debug mode adds no leak of its own. Cleared entries are purged from a
 * {@link ReferenceQueue} on every call.
 *
 * <p>Thread safety: the map is a {@link ConcurrentHashMap} and each transition is one atomic map
 * operation ({@code replace(key, LENT, RETURNED)} claims a release), so of two threads releasing
 * the same buffer at once exactly one succeeds and the other is told it is a double release.
 *
 * <p>Cost: a pool holds a {@code LentBuffers} only when debug checks are on, in a final field that
 * is {@code null} otherwise; with them off the hot path pays one null check. With them on, every
 * acquire and release does a map operation and may allocate a key.
 */
final class LentBuffers {

  /** The system property that turns debug checks on, for pools as for pipes. */
  static final String DEBUG_PROPERTY = "io.github.chunkedbuffer.debug";

  private static final Boolean LENT = Boolean.TRUE;
  private static final Boolean RETURNED = Boolean.FALSE;

  /** The pool's name, for messages; fixed. */
  private final String poolName;

  /** Every buffer lent and still reachable: {@link #LENT} or {@link #RETURNED}. */
  private final ConcurrentHashMap<Key, Boolean> states = new ConcurrentHashMap<>();

  /** Receives the keys of buffers the garbage collector has collected. */
  private final ReferenceQueue<ByteBuffer> collected = new ReferenceQueue<>();

  private LentBuffers(String poolName) {
    this.poolName = poolName;
  }

  /** Returns whether {@value #DEBUG_PROPERTY} is {@code true} now; pools read it when created. */
  static boolean debugByProperty() {
    return Boolean.getBoolean(DEBUG_PROPERTY);
  }

  /**
   * Returns a record for a pool named {@code poolName} when {@code debug} is true, else {@code
   * null}, which is what a pool stores to mean "no checks".
   */
  static LentBuffers createIf(boolean debug, String poolName) {
    return debug ? new LentBuffers(Objects.requireNonNull(poolName, "poolName")) : null;
  }

  /**
   * Records {@code buffer} as lent in {@code record} when debug checks are on ({@code record} not
   * {@code null}); returns {@code buffer}, so a pool can write {@code return recordLent(lentBuffers, b)}.
   */
  static ByteBuffer recordLent(LentBuffers record, ByteBuffer buffer) {
    if (record != null) {
      record.lend(buffer);
    }
    return buffer;
  }

  /**
   * Records that {@code buffer} is being lent. A pool calls it just before it hands the buffer out.
   *
   * @throws IllegalStateException when {@code buffer} is recorded as lent already: the pool itself
   *     is about to hand one buffer to two holders
   */
  void lend(ByteBuffer buffer) {
    purge();
    Key probe = new Key(buffer, null);
    if (states.replace(probe, RETURNED, LENT)) {
      return;
    }
    Boolean before = states.putIfAbsent(new Key(buffer, collected), LENT);
    if (before != null) {
      // Either LENT, or RETURNED and re-lent by a racing thread, which is the same pool bug.
      throw new IllegalStateException(
          "the " + poolName + " pool is lending " + describe(buffer) + " while it is lent already");
    }
  }

  /**
   * Records that {@code buffer} comes back; call it after every other check of the release passed
   * and before the pool changes anything else, so that a refused release leaves the pool as it was.
   *
   * @throws IllegalArgumentException when {@code buffer} was already released (a double release)
   *     or was never lent by this pool; the record is unchanged then
   */
  void takeBack(ByteBuffer buffer) {
    purge();
    Key probe = new Key(buffer, null);
    if (states.replace(probe, LENT, RETURNED)) {
      return;
    }
    throw refused(buffer, states.get(probe) != null);
  }

  /**
   * Undoes a successful {@link #takeBack} of {@code buffer} whose release a later step then
   * refused (a pool's delegate, say), so that the buffer counts as lent again and the refused
   * release changed nothing. Does nothing when {@code buffer} is not recorded as returned.
   */
  void undoTakeBack(ByteBuffer buffer) {
    states.replace(new Key(buffer, null), RETURNED, LENT);
  }

  /** Returns how many buffers are lent now, by this record's count; for tests and diagnostics. */
  int lentCount() {
    purge();
    int n = 0;
    for (Boolean state : states.values()) {
      if (state) {
        n++;
      }
    }
    return n;
  }

  // Cold path kept out of takeBack.
  private IllegalArgumentException refused(ByteBuffer buffer, boolean known) {
    String problem =
        known
            ? "this buffer was already released (double release); a buffer may be released once"
                + " per acquire, and the pool may already have lent it to someone else"
            : "this buffer was not lent by this pool (a buffer of another pool, or a slice,"
                + " duplicate or copy of one; the pool tracks the exact objects it lent)";
    return new IllegalArgumentException(
        "release("
            + describe(buffer)
            + "): "
            + problem
            + " [debug check of the "
            + poolName
            + " pool, "
            + DEBUG_PROPERTY
            + "=true]");
  }

  private static String describe(ByteBuffer buffer) {
    return buffer + "@" + Integer.toHexString(System.identityHashCode(buffer));
  }

  private void purge() {
    for (Reference<? extends ByteBuffer> ref; (ref = collected.poll()) != null; ) {
      states.remove((Key) ref);
    }
  }

  /**
   * A weak, identity-comparing key. Two keys are equal when they are the same key or refer to the
   * same live buffer; a cleared key equals only itself, so that purging removes exactly it.
   */
  private static final class Key extends WeakReference<ByteBuffer> {
    /** The referent's identity hash, kept so the key still hashes after it is cleared. */
    private final int hash;

    Key(ByteBuffer buffer, ReferenceQueue<ByteBuffer> queue) {
      super(Objects.requireNonNull(buffer, "buffer"), queue);
      this.hash = System.identityHashCode(buffer);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    @SuppressWarnings("ReferenceEquality") // identity is the point: ByteBuffer.equals compares content
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      if (!(o instanceof Key other)) {
        return false;
      }
      ByteBuffer mine = get();
      return mine != null && mine == other.get();
    }
  }
}
