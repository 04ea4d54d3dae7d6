package io.github.chunkedbuffer.pipe.impl;

import io.github.chunkedbuffer.pipe.ChunkPool;
import java.nio.ByteBuffer;

/**
 * The pipe's chunks in stream order, with the bookkeeping that maps stream positions to chunks and
 * the adaptive choice of chunk sizes. Not thread-safe: owned by one pipe.
 *
 * <p>Positions are stream positions: the number of bytes the pipe had received before a byte. The
 * unread bytes are {@code [readPosition(), writePosition())}. Chunks are linked from {@link #head} to
 * {@link #tail}, contiguous in the stream; only the head is partly consumed, and only the tail has
 * free room that writes may use.
 *
 * <p>Chunk sizes adapt like the seed's: a new chunk gets {@link #nextChunkSize} bytes, which doubles
 * (up to the maximum) each time writes fill the tail, and halves (down to the minimum) each time the
 * pipe is drained before its tail was half full. A drained tail that only the pipe holds is rewound
 * and reused instead of going back to the pool, unless it is now twice the size the traffic needs.
 */
final class ChunkQueue {
  private final ChunkPool pool;
  private final int minChunkSize;
  private final int maxChunkSize;
  private final boolean debug;

  /** Size of the next chunk to acquire, in {@code [minChunkSize, maxChunkSize]}. */
  private int nextChunkSize;

  /** First chunk, holding the next unread byte; {@code null} when the queue holds no chunk. */
  private Chunk head;

  /** Last chunk, the one writes go to; {@code null} exactly when {@link #head} is. */
  private Chunk tail;

  /** Stream position of the next unread byte. */
  private long readPosition;

  /** Unread bytes: {@code writePosition() - readPosition()}. */
  private long length;

  /** The chunk {@link #locate} found last, or {@code null}; always a chunk of this queue. */
  private Chunk cursor;

  ChunkQueue(ChunkPool pool, int minChunkSize, int maxChunkSize, boolean debug) {
    this.pool = pool;
    this.debug = debug;
    this.minChunkSize = minChunkSize;
    this.maxChunkSize = maxChunkSize;
    this.nextChunkSize = minChunkSize;
  }

  long length() {
    return length;
  }

  long readPosition() {
    return readPosition;
  }

  long writePosition() {
    return readPosition + length;
  }

  Chunk head() {
    return head;
  }

  // ---------------------------------------------------------------- writing

  /** Free room in the tail, 0 when there is no tail. */
  int tailRoom() {
    return tail == null ? 0 : tail.writable();
  }

  /**
   * Returns the tail after making sure it has at least {@code need} bytes of room, appending a
   * chunk of {@code max(need, nextChunkSize)} bytes (exactly {@code need} above the maximum) when it
   * has not.
   */
  Chunk tailWithRoom(int need) {
    Chunk t = tail;
    if (t != null && t.readable() == 0 && t.writeIndex > 0 && t.isExclusive()) {
      t = rewindDrainedTail(t);
    }
    if (t != null && t.writable() >= need) {
      return t;
    }
    if (t != null && t.writable() == 0) {
      nextChunkSize = (int) Math.min(maxChunkSize, 2L * nextChunkSize);
    }
    return append(need);
  }

  /** Records {@code n} bytes just committed to the tail. */
  void committed(int n) {
    length += n;
  }

  private Chunk rewindDrainedTail(Chunk t) {
    if (t.writeIndex < t.capacity / 2) {
      nextChunkSize = Math.max(minChunkSize, nextChunkSize / 2);
    }
    if (t.capacity >= 2L * nextChunkSize && t.capacity > minChunkSize) {
      // Oversized for the traffic now: give the memory back rather than keep a burst's chunk.
      dropOnlyChunk(t);
      return null;
    }
    t.rewind();
    return t;
  }

  private void dropOnlyChunk(Chunk t) {
    // A drained tail is also the head: every earlier chunk was released when it was consumed.
    head = null;
    tail = null;
    cursor = null;
    t.releaseByPipe();
  }

  private Chunk append(int need) {
    int size = need > maxChunkSize ? need : Math.max(need, nextChunkSize);
    ByteBuffer buffer = pool.acquire(size);
    if (buffer.capacity() < size) {
      int got = buffer.capacity();
      pool.release(buffer);
      throw new IllegalStateException(
          "pool " + pool.name() + " lent " + got + " bytes for acquire(" + size + ")");
    }
    int capacity = Math.min(buffer.capacity(), Math.max(size, maxChunkSize));
    Chunk c = new Chunk(pool, buffer, capacity, writePosition(), debug);
    if (tail == null) {
      head = c;
    } else {
      tail.next = c;
    }
    tail = c;
    return c;
  }

  // ---------------------------------------------------------------- reading

  /**
   * Returns the chunk holding stream position {@code position}, which must be unread
   * ({@code readPosition() <= position < writePosition()}). Sequential calls cost O(1) each.
   */
  Chunk locate(long position) {
    Chunk c = cursor;
    if (c == null || c.start + c.readIndex > position) {
      c = head;
    }
    while (position >= c.start + c.writeIndex) {
      c = c.next;
    }
    cursor = c;
    return c;
  }

  /** Consumes {@code n <= length()} bytes, releasing every chunk emptied except the tail. */
  void discard(long n) {
    long left = n;
    Chunk c = head;
    while (left > 0) {
      int k = (int) Math.min(left, c.readable());
      c.readIndex += k;
      left -= k;
      if (c.readable() == 0 && c != tail) {
        Chunk next = c.next;
        if (c == cursor) {
          cursor = null;
        }
        c.releaseByPipe();
        c = next;
      }
    }
    head = c;
    readPosition += n;
    length -= n;
  }

  /** Copies the first {@code n <= length()} unread bytes into a new array. */
  byte[] copyFront(int n) {
    byte[] out = new byte[n];
    copyFront(out, 0, n);
    return out;
  }

  /** Copies the first {@code n <= length()} unread bytes into {@code dst} at {@code offset}. */
  void copyFront(byte[] dst, int offset, int n) {
    int done = 0;
    for (Chunk c = head; done < n; c = c.next) {
      int k = Math.min(c.readable(), n - done);
      c.copyTo(c.readIndex, dst, offset + done, k);
      done += k;
    }
  }

  /**
   * Returns read-only buffers over the unread bytes of the first {@code max} non-empty chunks; at
   * least one, so the queue must not be empty.
   */
  ByteBuffer[] frontBuffers(int max) {
    int count = 0;
    for (Chunk c = head; c != null && count < max; c = c.next) {
      if (c.readable() > 0) {
        count++;
      }
    }
    ByteBuffer[] buffers = new ByteBuffer[count];
    int i = 0;
    for (Chunk c = head; i < count; c = c.next) {
      if (c.readable() > 0) {
        buffers[i++] = c.slice(c.readIndex, c.readable());
      }
    }
    return buffers;
  }

  /**
   * Returns a view of the first {@code n <= length()} unread bytes, retaining every chunk they
   * touch (empty ones included, so that the view can follow the links).
   */
  ChunkSequence viewFront(int n) {
    Chunk first = head;
    int chunks = 0;
    int left = n;
    for (Chunk c = first; left > 0; c = c.next) {
      left -= Math.min(c.readable(), left);
      c.retainView();
      chunks++;
    }
    return new ChunkSequence(first, first == null ? 0 : first.readIndex, n, chunks, debug);
  }

  /** Gives every chunk back; the queue is empty afterwards. */
  void releaseAll() {
    Chunk c = head;
    head = null;
    tail = null;
    cursor = null;
    readPosition += length;
    length = 0;
    while (c != null) {
      Chunk next = c.next;
      c.releaseByPipe();
      c = next;
    }
  }
}
