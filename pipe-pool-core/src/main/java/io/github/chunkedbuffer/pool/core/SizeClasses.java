package io.github.chunkedbuffer.pool.core;

/**
 * The capacities the pools lend: the powers of two from {@value #MIN_CAPACITY} bytes (512 B) to
 * {@value #MAX_CAPACITY} bytes (4 MiB), fourteen classes in all.
 *
 * <p>Why these: a pipe's chunks default to 4 KiB growing to 256 KiB, so the range covers every
 * default chunk with room on both sides; below 512 B a buffer's header and the pool's bookkeeping
 * cost more than the bytes saved, and above 4 MiB a buffer is rare enough that keeping it would
 * mostly pin memory. Powers of two make rounding a shift and waste at most half a buffer, the
 * usual trade of a buddy-style allocator. A request above {@link #MAX_CAPACITY} is "oversize": it is
 * served with exactly the bytes asked for and never kept.
 */
final class SizeClasses {

  /** log2 of the smallest class. */
  private static final int MIN_SHIFT = 9;

  /** log2 of the largest class. */
  private static final int MAX_SHIFT = 22;

  /** Capacity of the smallest class, 512 bytes. */
  static final int MIN_CAPACITY = 1 << MIN_SHIFT;

  /** Capacity of the largest class, 4 MiB; anything larger is oversize. */
  static final int MAX_CAPACITY = 1 << MAX_SHIFT;

  /** Number of classes; class indices run from 0 to {@code COUNT - 1}. */
  static final int COUNT = MAX_SHIFT - MIN_SHIFT + 1;

  private SizeClasses() {}

  /**
   * Returns the index of the smallest class that holds {@code minCapacity} bytes, or a value
   * {@code >= COUNT} when the request is oversize.
   *
   * @param minCapacity at least 1 (callers check)
   */
  static int indexFor(int minCapacity) {
    return minCapacity <= MIN_CAPACITY
        ? 0
        : Integer.SIZE - Integer.numberOfLeadingZeros(minCapacity - 1) - MIN_SHIFT;
  }

  /** Returns the capacity of class {@code index} ({@code 0 <= index < COUNT}). */
  static int capacity(int index) {
    return 1 << (index + MIN_SHIFT);
  }

  /**
   * Classifies the capacity of a buffer being given back.
   *
   * @return the class index when {@code capacity} is exactly a class, {@link #COUNT} when it is
   *     oversize, or -1 when no acquisition can have produced it
   */
  static int indexOfCapacity(int capacity) {
    if (capacity > MAX_CAPACITY) {
      return COUNT;
    }
    if (capacity < MIN_CAPACITY || Integer.bitCount(capacity) != 1) {
      return -1;
    }
    return Integer.numberOfTrailingZeros(capacity) - MIN_SHIFT;
  }

  /** Describes the lendable capacities, for exception messages. */
  static String describe() {
    return "powers of two from " + MIN_CAPACITY + " to " + MAX_CAPACITY + ", or above " + MAX_CAPACITY;
  }
}
