package io.github.chunkedbuffer.pipe.impl;

import io.github.chunkedbuffer.pipe.ChunkPool;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One buffer borrowed from a {@link ChunkPool}, the bytes committed to it, and the references held
 * on it.
 *
 * <p>Layout of the usable part {@code [0, capacity)}: bytes {@code [0, readIndex)} were consumed,
 * {@code [readIndex, writeIndex)} are unread, {@code [writeIndex, capacity)} are free. The invariant
 * {@code 0 <= readIndex <= writeIndex <= capacity} holds whenever the owning pipe is between calls.
 * Committed bytes are never changed while anybody holds a view of them: the pipe writes only past
 * {@code writeIndex}, and rewinds a chunk only when it is the sole holder.
 *
 * <p>Reference counting: the pipe holds the chunk while it is in its list, and every {@link
 * ChunkSequence} that covers part of it holds a reference too. The holder that drops the count to
 * zero gives the buffer back to the pool, exactly once; this class is the only caller of {@link
 * ChunkPool#release}.
 *
 * <p>The count is biased so that handing out a view costs no atomic instruction. While the pipe
 * holds the chunk, {@link #refs} starts at {@link #PIPE_BIAS} and every closed view subtracts one
 * atomically; the pipe's own thread counts the views it handed out in the plain field {@link
 * #views}. When the pipe lets go it adds {@code views - PIPE_BIAS} in one atomic step, which
 * leaves exactly the number of views still open. The bias is far larger than any number of views,
 * so the count cannot reach zero before the pipe lets go, and whoever takes it to zero — the pipe
 * or the last view — frees the buffer.
 */
final class Chunk {
  private static final VarHandle REFS;

  /** What {@link #refs} holds for the pipe's own reference; more than views can ever number. */
  private static final long PIPE_BIAS = 1L << 62;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORTS =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  static {
    try {
      REFS = MethodHandles.lookup().findVarHandle(Chunk.class, "refs", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * The pool's buffer. Never handed out and never moved: writers get slices of its free room
   * ({@link #lend}), readers read-only slices ({@link #slice}).
   */
  private final ByteBuffer buffer;

  /** A private little-endian duplicate of {@link #buffer} for absolute access; never moved. */
  private final ByteBuffer view;

  /** The backing array of a heap buffer, or {@code null} for a direct buffer. */
  private final byte[] array;

  /** Where index 0 of this chunk lies in {@link #array}. */
  private final int arrayOffset;

  /**
   * How many bytes of {@link #buffer} this chunk uses; at most the pipe's chunk size bound. Set
   * when the chunk is made or {@linkplain #reuse reused}.
   */
  int capacity;

  private final ChunkPool pool;

  /** Debug mode: overwrite the bytes with {@link #POISON} before giving the buffer back. */
  private final boolean poison;

  /** The stream position of index 0: the number of bytes the pipe received before it. Pipe-owned. */
  long start;

  /** The next byte to read. Written only by the owning pipe's thread. */
  int readIndex;

  /**
   * The first free byte; bytes before it are committed. Written only by the owning pipe's thread
   * (plain). A {@link ChunkSequence} on another thread reads it without synchronisation; that is
   * safe because it only grows while the sequence holds the chunk (a held chunk is never rewound)
   * and the sequence never reads past its own length, which the hand-over to that thread made
   * visible together with the bytes.
   */
  int writeIndex;

  /**
   * The chunk after this one in the stream, or {@code null} for the pipe's tail. Set by the pipe when
   * it appends; kept after the pipe lets go, because a {@link ChunkSequence} that covers this chunk
   * and the next walks the link; cleared when the last holder lets go.
   */
  Chunk next;

  /**
   * {@link #PIPE_BIAS} minus the views closed while the pipe holds the chunk; the views still open
   * after it let go. Changed only with atomic read-modify-write ({@link VarHandle#getAndAdd}),
   * which orders every holder's reads of the bytes before the release that frees them; views may
   * be closed from any thread.
   */
  @SuppressWarnings("unused") // accessed through REFS
  private volatile long refs;

  /**
   * Views handed out while the pipe holds the chunk. Plain: written only by the pipe's thread (a
   * concurrent pipe does so under its lock), and read by it.
   */
  private long views;

  /** The byte debug mode writes over released chunks; 0xDE is rare in text and easy to spot. */
  static final byte POISON = (byte) 0xDE;

  Chunk(ChunkPool pool, ByteBuffer buffer, int capacity, long start, boolean poison) {
    this.pool = pool;
    this.poison = poison;
    this.buffer = buffer;
    this.view = buffer.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
    if (buffer.hasArray()) {
      this.array = buffer.array();
      this.arrayOffset = buffer.arrayOffset();
    } else {
      this.array = null;
      this.arrayOffset = 0;
    }
    this.capacity = capacity;
    this.start = start;
    this.refs = PIPE_BIAS;
  }

  int readable() {
    return writeIndex - readIndex;
  }

  int writable() {
    return capacity - writeIndex;
  }

  /** Pipe's thread: returns whether no view of the chunk is open. */
  boolean isExclusive() {
    return (long) REFS.getAcquire(this) == PIPE_BIAS - views;
  }

  /** Pipe's thread, while the pipe holds the chunk: takes a reference for a view. */
  void retainView() {
    views++;
  }

  /**
   * Any thread, by a holder of an open view: takes one more reference, for a slice of that view.
   * Atomic, because the pipe may hold the chunk meanwhile on its own thread; adding to {@link
   * #refs} keeps the bias arithmetic whole (the pipe's final {@code views - PIPE_BIAS} leaves
   * exactly the views and slices still open), and the count cannot be zero here because the
   * caller's view still holds the chunk.
   */
  void retain() {
    REFS.getAndAdd(this, 1L);
  }

  /** Any thread: drops a view's reference; the last holder gives the buffer back to the pool. */
  void releaseView() {
    long before = (long) REFS.getAndAdd(this, -1L);
    if (before == 1) {
      free();
    } else if (before < 1) {
      REFS.getAndAdd(this, 1L);
      throw new IllegalStateException("chunk released more often than it was retained");
    }
  }

  /**
   * Pipe's thread: drops the pipe's reference; frees the buffer when no view is open.
   *
   * @return whether the buffer went back to the pool now: then nobody holds this object any more
   *     and the pipe may {@linkplain #reuse reuse} it
   */
  boolean releaseByPipe() {
    long delta = views - PIPE_BIAS;
    long after = (long) REFS.getAndAdd(this, delta) + delta;
    if (after == 0) {
      free();
      return true;
    }
    return false;
  }

  /** Whether this chunk wraps {@code b}: the pool lent the same buffer again. */
  @SuppressWarnings("ReferenceEquality") // the very same buffer object, not one with equal bytes
  boolean wraps(ByteBuffer b) {
    return buffer == b;
  }

  /**
   * Pipe's thread: makes a chunk that {@link #releaseByPipe()} freed new again over the same
   * buffer, which the pool has lent again: a pipe that gives its chunk back whenever it empties
   * then allocates no chunk object either. Nobody else refers to a freed chunk: its sequences
   * were all closed and its borrowed views are stale.
   */
  Chunk reuse(int newCapacity, long newStart) {
    capacity = newCapacity;
    start = newStart;
    readIndex = 0;
    writeIndex = 0;
    next = null;
    views = 0;
    REFS.setRelease(this, PIPE_BIAS);
    return this;
  }

  private void free() {
    next = null; // nobody can walk from here any more; don't keep later chunks reachable
    if (poison) {
      fillWithPoison();
    }
    pool.release(buffer);
  }

  private void fillWithPoison() {
    if (array != null) {
      java.util.Arrays.fill(array, arrayOffset, arrayOffset + buffer.capacity(), POISON);
    } else {
      for (int i = 0, n = buffer.capacity(); i < n; i++) {
        view.put(i, POISON);
      }
    }
  }

  /** Moves the empty chunk back to index 0, so its whole capacity can be written again. */
  void rewind() {
    start += writeIndex;
    readIndex = 0;
    writeIndex = 0;
  }

  /**
   * Returns a new big-endian buffer over the free room {@code [writeIndex, writeIndex + length)}:
   * position 0, limit and capacity {@code length}. It covers no committed byte, so nothing a writer
   * does with it ({@code clear()}, {@code flip()}, absolute puts) can reach one.
   */
  ByteBuffer lend(int length) {
    return buffer.slice(writeIndex, length);
  }

  /** Appends {@code length} bytes of {@code src} from its index {@code from} and commits them. */
  void appendFrom(Chunk src, int from, int length) {
    if (array != null && src.array != null) {
      System.arraycopy(src.array, src.arrayOffset + from, array, arrayOffset + writeIndex, length);
    } else {
      view.put(writeIndex, src.view, from, length);
    }
    writeIndex += length;
  }

  byte get(int index) {
    return array != null ? array[arrayOffset + index] : view.get(index);
  }

  // Typed reads: one bounds check and one access. Both the array handles and the private view read
  // little-endian; big-endian values are those bytes reversed, which the JIT turns into the load and
  // one byte-swap instruction that a big-endian handle would compile to anyway.

  short getShortLE(int index) {
    return array != null ? (short) SHORTS.get(array, arrayOffset + index) : view.getShort(index);
  }

  int getIntLE(int index) {
    return array != null ? (int) INTS.get(array, arrayOffset + index) : view.getInt(index);
  }

  long getLongLE(int index) {
    return array != null ? (long) LONGS.get(array, arrayOffset + index) : view.getLong(index);
  }

  short getShort(int index) {
    return Short.reverseBytes(getShortLE(index));
  }

  int getInt(int index) {
    return Integer.reverseBytes(getIntLE(index));
  }

  long getLong(int index) {
    return Long.reverseBytes(getLongLE(index));
  }

  /**
   * Returns the {@code size}-byte value (1, 2, 4 or 8) at {@code index}, which lies wholly in this
   * chunk, sign-extended. With {@code size} a constant at the call site the switch folds away.
   */
  long getValue(int index, int size) {
    return switch (size) {
      case Byte.BYTES -> get(index);
      case Short.BYTES -> getShort(index);
      case Integer.BYTES -> getInt(index);
      default -> getLong(index);
    };
  }

  /** Appends one byte at {@link #writeIndex} and commits it; the caller checked the room. */
  void put(byte b) {
    if (array != null) {
      array[arrayOffset + writeIndex] = b;
    } else {
      view.put(writeIndex, b);
    }
    writeIndex++;
  }

  /**
   * Appends the low {@code size} bytes (1, 2, 4 or 8) of {@code value} big-endian at {@link
   * #writeIndex} and commits them: one access. The caller checked the room.
   */
  void putValue(long value, int size) {
    int i = writeIndex;
    if (array != null) {
      int at = arrayOffset + i;
      switch (size) {
        case Byte.BYTES -> array[at] = (byte) value;
        case Short.BYTES -> SHORTS.set(array, at, Short.reverseBytes((short) value));
        case Integer.BYTES -> INTS.set(array, at, Integer.reverseBytes((int) value));
        default -> LONGS.set(array, at, Long.reverseBytes(value));
      }
    } else {
      switch (size) {
        case Byte.BYTES -> view.put(i, (byte) value);
        case Short.BYTES -> view.putShort(i, Short.reverseBytes((short) value));
        case Integer.BYTES -> view.putInt(i, Integer.reverseBytes((int) value));
        default -> view.putLong(i, Long.reverseBytes(value));
      }
    }
    writeIndex = i + size;
  }

  /** Decodes {@code [from, from + length)} with {@code charset}; a heap chunk without a copy. */
  String decode(int from, int length, java.nio.charset.Charset charset) {
    if (array != null) {
      return new String(array, arrayOffset + from, length, charset);
    }
    byte[] bytes = new byte[length];
    view.get(from, bytes, 0, length);
    return new String(bytes, charset);
  }

  void copyTo(int from, byte[] dst, int dstOffset, int length) {
    if (array != null) {
      System.arraycopy(array, arrayOffset + from, dst, dstOffset, length);
    } else {
      view.get(from, dst, dstOffset, length);
    }
  }

  void copyTo(int from, ByteBuffer dst, int length) {
    int at = dst.position();
    if (array != null) {
      dst.put(array, arrayOffset + from, length);
    } else {
      dst.put(at, view, from, length);
      dst.position(at + length);
    }
  }

  /** Appends {@code src[offset, offset + length)} at {@link #writeIndex} and commits it. */
  void append(byte[] src, int offset, int length) {
    if (array != null) {
      System.arraycopy(src, offset, array, arrayOffset + writeIndex, length);
    } else {
      view.put(writeIndex, src, offset, length);
    }
    writeIndex += length;
  }

  /** Appends the next {@code length} bytes of {@code src}, advancing it, and commits them. */
  void append(ByteBuffer src, int length) {
    int at = src.position();
    if (array != null) {
      src.get(array, arrayOffset + writeIndex, length);
    } else {
      view.put(writeIndex, src, at, length);
      src.position(at + length);
    }
    writeIndex += length;
  }

  /** Returns a read-only buffer over {@code [from, from + length)}. */
  ByteBuffer slice(int from, int length) {
    return view.slice(from, length).asReadOnlyBuffer().order(ByteOrder.BIG_ENDIAN);
  }

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * Marks the zero bytes of {@code word}: the lowest mark is exact; marks above a zero byte may be
   * false positives (a borrow), so callers use only the lowest, or only whether there is any.
   */
  private static long zeros(long word) {
    return (word - ONES) & ~word & HIGHS;
  }

  /**
   * Bytes per vector when heap chunks are searched with the Vector API, or 0 (see {@link
   * Vectorization}). A constant to the JIT compiler, which drops the branch that cannot run.
   */
  private static final int VECTOR_BYTES = Vectorization.BYTES;

  /**
   * Returns the index of the first {@code b} in {@code [from, to)}, or -1.
   *
   * <p>With the Vector API turned on (see {@link Vectorization}), a heap chunk's range of at least
   * one vector goes to {@link VectorByteSearch}; everything else to {@link #swarIndexOf}. The
   * vector class is named only in that branch, which never runs, so it is never loaded, when the
   * API is off.
   */
  int indexOf(byte b, int from, int to) {
    if (VECTOR_BYTES != 0 && array != null && to - from >= VECTOR_BYTES) {
      int found = VectorByteSearch.indexOf(array, arrayOffset + from, arrayOffset + to, b);
      return found < 0 ? -1 : found - arrayOffset;
    }
    return swarIndexOf(b, from, to);
  }

  /**
   * The SWAR search: returns the index of the first {@code b} in {@code [from, to)}, or -1.
   *
   * <p>XOR with {@code b} repeated in every byte turns matches into zero bytes, which {@link
   * #zeros} finds eight at a time. Long stretches go 32 bytes per step, testing only whether any
   * of four words has a zero byte; the step that has one is searched again word by word.
   */
  int swarIndexOf(byte b, int from, int to) {
    long pattern = (b & 0xFFL) * ONES;
    int i = from;
    if (array != null) {
      byte[] a = array;
      int base = arrayOffset;
      for (; i <= to - 4 * Long.BYTES; i += 4 * Long.BYTES) {
        int at = base + i;
        long any =
            zeros((long) LONGS.get(a, at) ^ pattern)
                | zeros((long) LONGS.get(a, at + 8) ^ pattern)
                | zeros((long) LONGS.get(a, at + 16) ^ pattern)
                | zeros((long) LONGS.get(a, at + 24) ^ pattern);
        if (any != 0) {
          break;
        }
      }
      for (; i <= to - Long.BYTES; i += Long.BYTES) {
        long found = zeros((long) LONGS.get(a, base + i) ^ pattern);
        if (found != 0) {
          return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
      }
      for (; i < to; i++) {
        if (a[base + i] == b) {
          return i;
        }
      }
    } else {
      ByteBuffer v = view;
      for (; i <= to - 4 * Long.BYTES; i += 4 * Long.BYTES) {
        long any =
            zeros(v.getLong(i) ^ pattern)
                | zeros(v.getLong(i + 8) ^ pattern)
                | zeros(v.getLong(i + 16) ^ pattern)
                | zeros(v.getLong(i + 24) ^ pattern);
        if (any != 0) {
          break;
        }
      }
      for (; i <= to - Long.BYTES; i += Long.BYTES) {
        long found = zeros(v.getLong(i) ^ pattern);
        if (found != 0) {
          return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
      }
      for (; i < to; i++) {
        if (v.get(i) == b) {
          return i;
        }
      }
    }
    return -1;
  }
}
