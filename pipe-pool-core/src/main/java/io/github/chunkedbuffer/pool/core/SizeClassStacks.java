package io.github.chunkedbuffer.pool.core;

import io.github.chunkedbuffer.pipe.ChunkPool;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * Buffers kept for reuse: per {@link SizeClasses size class} a short stack, under one byte budget.
 * A stripe of the size-class pool holds one, and so does each thread cache of the thread-local
 * pool.
 *
 * <p>One thread at a time changes it: the holder of a stripe's lock, or the thread that owns a
 * cache (and, after it has ended, the one thread that drains it). That thread's hand-over — the
 * lock, or {@code Thread.isAlive()} turning false — makes the previous writer's stores visible, so
 * the fields are written plainly except for two that other threads peek at without that
 * hand-over: the per-class counts ({@link #looksEmpty}) and the byte total ({@link #pooledBytes}).
 * Those are stored opaquely, so a peek is never torn; it may be stale, which costs a wasted try or
 * a snapshot that is exact only once the pool is quiescent, never a wrong answer.
 */
final class SizeClassStacks {
  private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(int[].class);
  private static final VarHandle BYTES;

  static {
    try {
      BYTES = MethodHandles.lookup().findVarHandle(SizeClassStacks.class, "bytes", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Per class, the kept buffers in slots {@code [0, counts[i])}; other slots are null. */
  private final ByteBuffer[][] stacks;

  /** Per class, how many buffers are kept; opaque stores (see the class description). */
  private final int[] counts;

  /** The most bytes kept; fixed. */
  private final long budget;

  /** Capacity of the buffers kept, {@code <= budget}; opaque stores (see the class description). */
  private long bytes;

  /**
   * Creates empty stacks.
   *
   * @param budget the most bytes kept; 0 keeps nothing
   * @param depth the most buffers kept per size class
   */
  SizeClassStacks(long budget, int depth) {
    this.budget = budget;
    this.stacks = new ByteBuffer[SizeClasses.COUNT][];
    this.counts = new int[SizeClasses.COUNT];
    for (int i = 0; i < SizeClasses.COUNT; i++) {
      long fits = budget / SizeClasses.capacity(i);
      stacks[i] = new ByteBuffer[(int) Math.min(depth, fits)];
    }
  }

  /** Removes and returns the newest buffer of class {@code index}, or {@code null}. */
  ByteBuffer pop(int index) {
    int n = counts[index];
    if (n == 0) {
      return null;
    }
    ByteBuffer[] stack = stacks[index];
    ByteBuffer b = stack[--n];
    stack[n] = null;
    COUNTS.setOpaque(counts, index, n);
    BYTES.setOpaque(this, bytes - b.capacity());
    return b;
  }

  /** Keeps {@code b} in class {@code index} if both its stack and the budget have room. */
  boolean push(int index, ByteBuffer b) {
    ByteBuffer[] stack = stacks[index];
    int n = counts[index];
    long after = bytes + b.capacity();
    if (n == stack.length || after > budget) {
      return false;
    }
    stack[n] = b;
    COUNTS.setOpaque(counts, index, n + 1);
    BYTES.setOpaque(this, after);
    return true;
  }

  /** Any thread: whether class {@code index} looked empty a moment ago. */
  boolean looksEmpty(int index) {
    return (int) COUNTS.getOpaque(counts, index) == 0;
  }

  /** Any thread: the bytes kept, as of a moment ago. */
  long pooledBytes() {
    return (long) BYTES.getOpaque(this);
  }

  /** Gives every kept buffer to {@code pool}, newest first, leaving the stacks empty. */
  void drainTo(ChunkPool pool) {
    for (int i = 0; i < stacks.length; i++) {
      for (ByteBuffer b; (b = pop(i)) != null; ) {
        pool.release(b);
      }
    }
  }
}
