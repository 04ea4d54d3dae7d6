package io.github.chunkedbuffer.pool.threadlocal;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.internal.SizeClasses;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * One platform thread's cache: per size class a short stack of buffers, under a byte budget.
 *
 * <p>Only the owning thread calls {@link #pop} and {@link #push}, so they need no lock. After the
 * owner has terminated, exactly one other thread calls {@link #drainTo} (the registry makes sure
 * of "exactly one"). That thread learned of the termination through {@code Thread.isAlive()}
 * returning false, which the JLS (17.4.4) makes synchronise-with the owner's last action, or
 * through the garbage collector clearing the reference to the {@code Thread}, which cannot happen
 * before the thread has ended; so the drainer sees every slot as the owner left it.
 */
final class ThreadCache {

  private static final VarHandle BYTES;

  static {
    try {
      BYTES = MethodHandles.lookup().findVarHandle(ThreadCache.class, "bytes", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Per class, the kept buffers in slots {@code [0, counts[i])}; other slots null. Owner only. */
  private final ByteBuffer[][] stacks;

  /** Per class, how many buffers are kept. Owner only. */
  private final int[] counts;

  /** The most bytes this cache keeps; fixed. */
  private final long budget;

  /**
   * Capacity of the buffers kept, {@code <= budget}. Written only by the owner (then the drainer),
   * with opaque stores, so that the pool's {@code stats()} can sum it from any thread without a
   * torn read; the owner reads it plainly, being its only writer.
   */
  private long bytes;

  /**
   * @param budget the most bytes kept; 0 makes a cache that keeps nothing
   * @param depth the most buffers kept per size class
   */
  ThreadCache(long budget, int depth) {
    this.budget = budget;
    this.stacks = new ByteBuffer[SizeClasses.COUNT][];
    this.counts = new int[SizeClasses.COUNT];
    for (int i = 0; i < SizeClasses.COUNT; i++) {
      long fits = budget / SizeClasses.capacity(i);
      stacks[i] = new ByteBuffer[(int) Math.min(depth, fits)];
    }
  }

  /** Owner only: removes and returns the newest buffer of class {@code index}, or null. */
  ByteBuffer pop(int index) {
    int n = counts[index];
    if (n == 0) {
      return null;
    }
    ByteBuffer[] stack = stacks[index];
    ByteBuffer b = stack[--n];
    stack[n] = null;
    counts[index] = n;
    BYTES.setOpaque(this, bytes - b.capacity());
    return b;
  }

  /** Owner only: keeps {@code b} in class {@code index} if the stack and the budget have room. */
  boolean push(int index, ByteBuffer b) {
    ByteBuffer[] stack = stacks[index];
    int n = counts[index];
    long after = bytes + b.capacity();
    if (n == stack.length || after > budget) {
      return false;
    }
    stack[n] = b;
    counts[index] = n + 1;
    BYTES.setOpaque(this, after);
    return true;
  }

  /** Returns the bytes kept; callable from any thread. */
  long pooledBytes() {
    return (long) BYTES.getOpaque(this);
  }

  /** After the owner has ended: gives every kept buffer to {@code pool} and empties the cache. */
  void drainTo(ChunkPool pool) {
    for (int i = 0; i < stacks.length; i++) {
      ByteBuffer[] stack = stacks[i];
      for (int j = counts[i] - 1; j >= 0; j--) {
        ByteBuffer b = stack[j];
        stack[j] = null;
        counts[i] = j;
        BYTES.setOpaque(this, bytes - b.capacity());
        pool.release(b);
      }
    }
  }
}
