package io.github.chunkedbuffer.pipe.impl;

import io.github.chunkedbuffer.pipe.ByteView;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.Charset;
import java.util.Objects;

/**
 * Every read-only accessor of a {@link ByteView}, written once over a contiguous stretch of the
 * stream: {@link #length} bytes starting at index {@link #firstOffset} of {@link #first} and running
 * on along {@link Chunk#next}. Subclasses say how long the stretch may be read ({@link
 * #checkUsable()}, called first by every accessor) and who holds its chunks: a {@link
 * ChunkSequence} holds references until it is closed; a view borrowed from a pipe holds none and is
 * valid until the pipe's next consuming call.
 *
 * <p>Only the first chunk starts at an offset: every later chunk was appended after it and holds its
 * data from index 0 (its {@code readIndex} may have moved on since, which does not concern the
 * range). A chunk's {@code writeIndex} may still grow if it is the pipe's tail; that is harmless,
 * as every accessor stops at {@link #length}.
 *
 * <p>The fields are plain and not final so that a borrowed view can be pointed at new bytes without
 * a new object. A subclass sets them only while no other thread reads the range; a range handed to
 * another thread must be handed over with a happens-before edge (an executor, a queue, a lock),
 * which also makes the chunk bytes visible.
 *
 * <p>The getters keep the common case small enough to inline: a value that lies in the first chunk
 * is one bounds check and one access ({@link Chunk#getInt}); a value that straddles chunks, or an
 * index out of range, goes to a separate cold method.
 */
abstract class ChunkRange implements ByteView {

  /** The chunk holding the first byte; {@code null} only while {@link #length} is 0. */
  Chunk first;

  /** The index of the first byte within {@link #first}. */
  int firstOffset;

  /** The number of bytes; a range is at most an array's worth. */
  int length;

  /** Bytes already written by {@link #writeTo}; used by one thread at a time, as documented. */
  int written;

  ChunkRange(Chunk first, int firstOffset, int length) {
    this.first = first;
    this.firstOffset = firstOffset;
    this.length = length;
  }

  /**
   * Throws {@link IllegalStateException} when the range may no longer be read: a closed sequence,
   * a stale borrowed view.
   */
  abstract void checkUsable();

  // ---------------------------------------------------------------- shape

  @Override
  public final long length() {
    checkUsable();
    return length;
  }

  /** A cursor over the non-empty segments, in order. */
  final class Walk {
    Chunk chunk;
    int offset;
    int size;
    private Chunk nextChunk = first;
    private int nextOffset = firstOffset;
    private long left = length;

    /** Moves to the next segment; returns {@code false} after the last. */
    boolean advance() {
      while (left > 0) {
        Chunk c = nextChunk;
        int from = nextOffset;
        int k = (int) Math.min(c.writeIndex - from, left);
        nextOffset = 0;
        if (left > k) {
          nextChunk = c.next;
        }
        if (k > 0) {
          left -= k;
          chunk = c;
          offset = from;
          size = k;
          return true;
        }
      }
      return false;
    }

    /** The bytes after the current segment. */
    long remaining() {
      return left;
    }
  }

  @Override
  public final int segmentCount() {
    checkUsable();
    int count = 0;
    for (Walk w = new Walk(); w.advance(); ) {
      count++;
    }
    return count;
  }

  @Override
  public final ByteBuffer segment(int i) {
    checkUsable();
    Walk w = new Walk();
    int j = -1;
    while (j < i && w.advance()) {
      j++;
    }
    if (i < 0 || j < i) {
      throw new IndexOutOfBoundsException(
          "segment(" + i + "): there are " + segmentCount() + " segments");
    }
    return w.chunk.slice(w.offset, w.size);
  }

  // ---------------------------------------------------------------- getters

  @Override
  public final byte byteAt(long index) {
    checkUsable();
    return inFirst(index, Byte.BYTES)
        ? first.get(firstOffset + (int) index)
        : (byte) valueAt("byteAt", index, Byte.BYTES, false);
  }

  @Override
  public final short shortAt(long index) {
    checkUsable();
    return inFirst(index, Short.BYTES)
        ? first.getShort(firstOffset + (int) index)
        : (short) valueAt("shortAt", index, Short.BYTES, false);
  }

  @Override
  public final int intAt(long index) {
    checkUsable();
    return inFirst(index, Integer.BYTES)
        ? first.getInt(firstOffset + (int) index)
        : (int) valueAt("intAt", index, Integer.BYTES, false);
  }

  @Override
  public final long longAt(long index) {
    checkUsable();
    return inFirst(index, Long.BYTES)
        ? first.getLong(firstOffset + (int) index)
        : valueAt("longAt", index, Long.BYTES, false);
  }

  @Override
  public final short shortAtLE(long index) {
    checkUsable();
    return inFirst(index, Short.BYTES)
        ? first.getShortLE(firstOffset + (int) index)
        : (short) valueAt("shortAtLE", index, Short.BYTES, true);
  }

  @Override
  public final int intAtLE(long index) {
    checkUsable();
    return inFirst(index, Integer.BYTES)
        ? first.getIntLE(firstOffset + (int) index)
        : (int) valueAt("intAtLE", index, Integer.BYTES, true);
  }

  @Override
  public final long longAtLE(long index) {
    checkUsable();
    return inFirst(index, Long.BYTES)
        ? first.getLongLE(firstOffset + (int) index)
        : valueAt("longAtLE", index, Long.BYTES, true);
  }

  /**
   * Whether bytes {@code [index, index + size)} lie inside the range and inside its first chunk.
   * Without overflow: {@code length} and the first chunk's room are ints, {@code index} is checked
   * against them as a long.
   */
  private boolean inFirst(long index, int size) {
    return index >= 0
        && index <= length - size
        && index <= first.writeIndex - firstOffset - size;
  }

  /** The cold path of the getters: a value that straddles chunks, or an index out of range. */
  private long valueAt(String method, long index, int size, boolean le) {
    checkIndex(method, index, size, length);
    return ChunkBytes.get(first, firstOffset + index, size, le);
  }

  /** Throws what a getter throws when {@code [index, index + size)} is not inside {@code [0, length)}. */
  static void checkIndex(String method, long index, int size, long length) {
    if (index < 0 || index > length - size) {
      throw new IndexOutOfBoundsException(indexMessage(method, index, size, length));
    }
  }

  private static String indexMessage(String method, long index, int size, long length) {
    String call = method + "(" + index + "): ";
    if (size == 1) {
      return call + "index must be in [0, " + length + ")";
    }
    if (length < size) {
      return call + "needs " + size + " bytes, but the length is " + length;
    }
    return call
        + "needs "
        + size
        + " bytes from the index, so with length "
        + length
        + " the index must be in [0, "
        + (length - size)
        + "]";
  }

  /** Throws what {@code parseLong} throws for a range outside {@code [0, length]}. */
  static void checkRange(String method, long start, long end, long length) {
    if (start < 0 || start > end || end > length) {
      throw new IndexOutOfBoundsException(
          method
              + "("
              + start
              + ", "
              + end
              + ", ...): need 0 <= start <= end <= length "
              + length);
    }
  }

  @Override
  public final long parseLong(long start, long end, int radix) {
    checkUsable();
    checkRange("parseLong", start, end, length);
    return ChunkBytes.parseLong(
        first, firstOffset + start, end - start, radix, start);
  }

  /** How {@code parseLong}'s messages name the call. */
  static String parseCall(long start, long end, int radix) {
    return "parseLong(" + start + ", " + end + ", " + radix + ")";
  }

  // ---------------------------------------------------------------- search

  @Override
  public final long indexOf(byte b, long from) {
    checkUsable();
    checkFrom(from);
    if (from >= length) {
      return -1;
    }
    long base = first.start + firstOffset;
    long at = Search.indexOf(first, b, base + from, base + length);
    return at < 0 ? -1 : at - base;
  }

  @Override
  public final long indexOf(byte[] s, long from) {
    checkUsable();
    Objects.requireNonNull(s, "s");
    checkFrom(from);
    if (s.length == 0) {
      return from <= length ? from : -1;
    }
    if (from > length - s.length) {
      return -1;
    }
    long base = first.start + firstOffset;
    long at = Search.indexOf(first, s, base + from, base + length);
    return at < 0 ? -1 : at - base;
  }

  private static void checkFrom(long from) {
    if (from < 0) {
      throw new IllegalArgumentException("indexOf: from " + from + " must be >= 0");
    }
  }

  @Override
  public final boolean rangeEquals(long offset, byte[] bytes) {
    checkUsable();
    Objects.requireNonNull(bytes, "bytes");
    if (offset < 0 || offset > length - bytes.length) {
      return false;
    }
    return bytes.length == 0 || Search.matchesAt(first, firstOffset + offset, bytes, 0);
  }

  // ---------------------------------------------------------------- copies

  @Override
  public final void copyTo(ByteBuffer dst) {
    checkUsable();
    if (dst.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
    if (dst.remaining() < length) {
      throw new BufferOverflowException();
    }
    Chunk c = first;
    int from = firstOffset;
    for (long left = length; left > 0; c = c.next, from = 0) {
      int k = (int) Math.min(c.writeIndex - from, left);
      c.copyTo(from, dst, k);
      left -= k;
    }
  }

  @Override
  public final byte[] toByteArray() {
    checkUsable();
    byte[] out = new byte[length];
    ChunkBytes.copy(first, firstOffset, out, 0, length);
    return out;
  }

  @Override
  public final String toString(Charset charset) {
    checkUsable();
    return ChunkBytes.decode(first, firstOffset, length, charset);
  }

  @Override
  public final boolean contentEquals(byte[] bytes) {
    checkUsable();
    return bytes.length == length
        && (length == 0 || Search.matchesAt(first, firstOffset, bytes, 0));
  }

  @Override
  public final long writeTo(GatheringByteChannel channel) throws IOException {
    checkUsable();
    if (written == length) {
      return 0;
    }
    ByteBuffer[] buffers = new ByteBuffer[segmentCount()];
    int count = 0;
    long skip = written;
    for (Walk w = new Walk(); w.advance(); ) {
      if (skip >= w.size) {
        skip -= w.size;
        continue;
      }
      int done = (int) skip;
      skip = 0;
      buffers[count++] = w.chunk.slice(w.offset + done, w.size - done);
    }
    int before = written;
    try {
      channel.write(buffers, 0, count);
    } finally {
      // Count what the buffers show taken, so that bytes a failing write took are not sent again.
      for (int i = 0; i < count; i++) {
        written += buffers[i].position();
      }
    }
    return (long) written - before;
  }

  @Override
  public final String hexDump() {
    checkUsable();
    if (length > ChunkBytes.MAX_DUMP_BYTES) {
      throw new IllegalStateException(
          "hexDump: " + length + " bytes make a dump longer than a string can be; at most "
              + ChunkBytes.MAX_DUMP_BYTES + " bytes can be dumped");
    }
    return ChunkBytes.hexDump(toByteArray());
  }

  /** {@code name[length=N: b0 b1 ...]}, for {@code toString()}; checks nothing. */
  final String describe(String name) {
    return ChunkBytes.describe(name, first, firstOffset, length, null);
  }
}
