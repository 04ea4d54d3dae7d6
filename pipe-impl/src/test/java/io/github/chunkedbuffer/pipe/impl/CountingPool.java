package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A test pool that records every request and catches misuse.
 *
 * <p>It tracks the buffers it lent by identity ({@code ByteBuffer.equals} compares content), so a
 * release of a buffer it never lent (a slice, a duplicate, another pool's buffer) or a second
 * release of the same buffer is recorded as an error and rejected with {@link
 * IllegalArgumentException}. Released buffers are overwritten with {@link #SCRIBBLE} and lent again
 * to later requests they fit, so a chunk given back while a {@code ByteSequence} still reads it
 * shows up as wrong content, not just as a count.
 */
final class CountingPool implements ChunkPool {

  /** The byte written over every released buffer. */
  static final byte SCRIBBLE = (byte) 0xEE;

  /** Buffers lent and not yet released, by identity. Guarded by {@code this}. */
  private final Set<ByteBuffer> lent = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Released buffers kept for reuse, most recent first. Guarded by {@code this}. */
  private final Deque<ByteBuffer> free = new ArrayDeque<>();

  /** Every {@code minCapacity} asked for, in order. Guarded by {@code this}. */
  private final List<Integer> requested = new ArrayList<>();

  /** Misuse seen: double or foreign releases. Guarded by {@code this}. */
  private final List<String> errors = new ArrayList<>();

  /** Bytes added to every capacity, to imitate pools that hand out more than asked. */
  private final int extraCapacity;

  /** Whether buffers are direct. */
  private final boolean direct;

  /** Whether a released buffer is lent again only for a request of exactly its capacity. */
  private boolean exact;

  /** Where a heap buffer starts in its array: non-zero makes buffers slices with an arrayOffset. */
  private final int arrayOffset;

  private long acquired;
  private long released;

  /** Bytes of the buffers lent and not yet released, and the most there ever were. */
  private long bytesOut;

  private long peakBytes;

  CountingPool() {
    this(0, false);
  }

  CountingPool(int extraCapacity, boolean direct) {
    this(extraCapacity, direct, 0);
  }

  private CountingPool(int extraCapacity, boolean direct, int arrayOffset) {
    this.extraCapacity = extraCapacity;
    this.direct = direct;
    this.arrayOffset = arrayOffset;
  }

  /** A pool of heap buffers that start {@code arrayOffset} bytes into their arrays. */
  static CountingPool slicedHeap(int arrayOffset) {
    return new CountingPool(0, false, arrayOffset);
  }

  /**
   * A pool that lends exactly what is asked (and reuses a buffer only for a request of its
   * capacity), so that the bytes it has out are the bytes a pipe asked for.
   */
  static CountingPool exact() {
    CountingPool pool = new CountingPool();
    pool.exact = true;
    return pool;
  }

  @Override
  public synchronized ByteBuffer acquire(int minCapacity) {
    requested.add(minCapacity);
    if (minCapacity < 1) {
      errors.add("acquire(" + minCapacity + ")");
      throw new IllegalArgumentException("acquire(" + minCapacity + "): need >= 1");
    }
    acquired++;
    // Removed through the iterator, by identity: Deque.remove(Object) would use
    // ByteBuffer.equals, which compares content.
    ByteBuffer buffer = null;
    for (Iterator<ByteBuffer> it = free.iterator(); it.hasNext(); ) {
      ByteBuffer candidate = it.next();
      int capacity = candidate.capacity();
      boolean fits =
          exact
              ? capacity == minCapacity
              : capacity >= minCapacity && capacity <= 2 * minCapacity + extraCapacity;
      if (fits) {
        it.remove();
        buffer = candidate.clear();
        break;
      }
    }
    if (buffer == null) {
      int capacity = minCapacity + extraCapacity;
      buffer =
          direct
              ? ByteBuffer.allocateDirect(capacity)
              : arrayOffset > 0
                  ? ByteBuffer.wrap(new byte[arrayOffset + capacity]).position(arrayOffset).slice()
                  : ByteBuffer.allocate(capacity);
    }
    lent.add(buffer);
    bytesOut += buffer.capacity();
    peakBytes = Math.max(peakBytes, bytesOut);
    return buffer;
  }

  @Override
  @SuppressWarnings("ReferenceEquality") // buffers are told apart by identity on purpose
  public synchronized void release(ByteBuffer buffer) {
    if (buffer == null) {
      errors.add("release(null)");
      throw new NullPointerException("buffer");
    }
    if (!lent.remove(buffer)) {
      boolean again = free.stream().anyMatch(b -> b == buffer);
      String what = again ? "double release of " : "release of a buffer never lent: ";
      errors.add(what + buffer);
      throw new IllegalArgumentException(what + buffer);
    }
    released++;
    bytesOut -= buffer.capacity();
    ByteBuffer all = buffer.duplicate().clear();
    while (all.hasRemaining()) {
      all.put(SCRIBBLE);
    }
    free.addFirst(buffer);
  }

  @Override
  public String name() {
    return "counting";
  }

  @Override
  public synchronized PoolStats stats() {
    return new PoolStats(acquired, released, acquired - released, 0, 0, acquired);
  }

  /** Buffers lent and not yet released. */
  synchronized long outstanding() {
    return lent.size();
  }

  /** The bytes of all buffers lent and not yet released. */
  synchronized long heldBytes() {
    long sum = 0;
    for (ByteBuffer b : lent) {
      sum += b.capacity();
    }
    return sum;
  }

  /** The most bytes the pool ever had lent at once, counted when it lends. */
  synchronized long peakBytes() {
    return peakBytes;
  }

  synchronized long acquired() {
    return acquired;
  }

  /** A copy of every size asked for so far. */
  synchronized List<Integer> requested() {
    return new ArrayList<>(requested);
  }

  synchronized void clearRequested() {
    requested.clear();
  }

  /** Fails when a release was foreign or repeated. */
  synchronized void assertNoMisuse() {
    assertTrue(errors.isEmpty(), () -> "pool misuse: " + errors);
  }

  /** Fails when anything is still lent or was misused. */
  synchronized void assertAllReturned() {
    assertNoMisuse();
    assertEquals(0, lent.size(), "buffers still lent by the pool");
  }
}
