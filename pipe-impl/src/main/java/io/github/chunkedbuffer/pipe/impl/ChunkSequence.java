package io.github.chunkedbuffer.pipe.impl;

import io.github.chunkedbuffer.pipe.ByteSequence;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.Charset;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A {@link ByteSequence} over a contiguous stretch of the stream: {@code length} bytes starting at
 * index {@code firstOffset} of {@code first} and continuing along {@link Chunk#next}. It holds one
 * reference on each of the {@code chunkCount} chunks it touches (empty ones included, so that the
 * links it follows stay intact); the covered bytes never change while the references are held.
 *
 * <p>Only the first chunk starts at an offset: every later chunk was appended after it and so holds
 * its data from index 0. A chunk's {@code writeIndex} may still grow if it is the pipe's tail, which
 * is harmless: segments are cut at {@code length}, never at a later {@code writeIndex}.
 */
final class ChunkSequence implements ByteSequence {
  private static final VarHandle CLOSED;

  static {
    try {
      CLOSED = MethodHandles.lookup().findVarHandle(ChunkSequence.class, "closed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Chunk first;
  private final int firstOffset;
  // Fields are kept few and narrow (a sequence is at most an array's worth of bytes) so that the
  // object a zero-copy read allocates stays at 40 bytes.
  private final int length;
  private final int chunkCount;

  /** Debug mode's registration with the {@link LeakDetector}, or {@code null}. */
  private final LeakDetector.Tracked tracked;

  /** Bytes already written by {@link #writeTo}; used by one thread at a time, as documented. */
  private int written;

  /**
   * Set once, by the first {@link #close()}, with a CAS so that exactly one caller releases the
   * chunks even when several threads close at once; read with volatile semantics by the checks.
   */
  @SuppressWarnings("unused") // accessed through CLOSED
  private volatile boolean closed;

  ChunkSequence(
      Chunk first,
      int firstOffset,
      int length,
      int chunkCount,
      boolean debug) {
    this.first = first;
    this.firstOffset = firstOffset;
    this.length = length;
    this.chunkCount = chunkCount;
    this.tracked =
        debug && chunkCount > 0
            ? LeakDetector.track(this, "a ByteSequence", () -> release(first, chunkCount))
            : null;
  }

  static ChunkSequence empty() {
    return new ChunkSequence(null, 0, 0, 0, false);
  }

  /** A cursor over the non-empty segments, in order. */
  private final class Walk {
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
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this ByteSequence was closed");
    }
  }

  @Override
  public long length() {
    checkOpen();
    return length;
  }

  @Override
  public int segmentCount() {
    checkOpen();
    int count = 0;
    for (Walk w = new Walk(); w.advance(); ) {
      count++;
    }
    return count;
  }

  @Override
  public ByteBuffer segment(int i) {
    checkOpen();
    Walk w = new Walk();
    int j = -1;
    while (j < i && w.advance()) {
      j++;
    }
    if (i < 0 || j < i) {
      throw new IndexOutOfBoundsException(
          "segment(" + i + "): the sequence has " + segmentCount() + " segments");
    }
    return w.chunk.slice(w.offset, w.size);
  }

  @Override
  public byte byteAt(long index) {
    checkOpen();
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(
          "byteAt(" + index + "): index must be in [0, " + length + ")");
    }
    if (index < first.writeIndex - firstOffset) {
      return first.get(firstOffset + (int) index);
    }
    long left = index;
    Walk w = new Walk();
    while (w.advance()) {
      if (left < w.size) {
        break;
      }
      left -= w.size;
    }
    return w.chunk.get(w.offset + (int) left);
  }

  @Override
  public byte[] toByteArray() {
    checkOpen();
    byte[] out = new byte[length];
    int at = 0;
    for (Walk w = new Walk(); w.advance(); at += w.size) {
      w.chunk.copyTo(w.offset, out, at, w.size);
    }
    return out;
  }

  @Override
  public void copyTo(ByteBuffer dst) {
    checkOpen();
    if (dst.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
    if (dst.remaining() < length) {
      throw new BufferOverflowException();
    }
    for (Walk w = new Walk(); w.advance(); ) {
      w.chunk.copyTo(w.offset, dst, w.size);
    }
  }

  @Override
  public long writeTo(GatheringByteChannel channel) throws IOException {
    checkOpen();
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
    return written - before;
  }

  @Override
  public String toString(Charset charset) {
    return new String(toByteArray(), charset);
  }

  @Override
  public boolean contentEquals(byte[] bytes) {
    checkOpen();
    if (bytes.length != length) {
      return false;
    }
    int at = 0;
    for (Walk w = new Walk(); w.advance(); ) {
      Chunk c = w.chunk;
      for (int j = w.offset, end = w.offset + w.size; j < end; j++) {
        if (c.get(j) != bytes[at++]) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public Iterator<ByteBuffer> iterator() {
    checkOpen();
    Walk w = new Walk();
    return new Iterator<>() {
      private boolean ready = w.advance();

      @Override
      public boolean hasNext() {
        return ready;
      }

      @Override
      public ByteBuffer next() {
        if (!ready) {
          throw new NoSuchElementException();
        }
        checkOpen();
        ByteBuffer segment = w.chunk.slice(w.offset, w.size);
        ready = w.advance();
        return segment;
      }
    };
  }

  @Override
  public void close() {
    if (CLOSED.compareAndSet(this, false, true)) {
      if (tracked != null) {
        try {
          tracked.close();
        } finally {
          Reference.reachabilityFence(this); // as in ChunkedPipe.close: no false leak report
        }
      } else {
        release(first, chunkCount);
      }
    }
  }

  /** Drops one reference on each of {@code count} chunks linked from {@code first}. */
  private static void release(Chunk first, int count) {
    Chunk c = first;
    for (int i = 1; i <= count; i++) {
      // Read the link before letting go: the last release clears it.
      Chunk next = i < count ? c.next : null;
      c.releaseView();
      c = next;
    }
  }

  @Override
  public String toString() {
    return "ByteSequence[length=" + length + ", chunks=" + chunkCount + "]";
  }
}
