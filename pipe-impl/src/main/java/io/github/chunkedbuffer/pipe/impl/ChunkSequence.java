package io.github.chunkedbuffer.pipe.impl;

import io.github.chunkedbuffer.pipe.ByteSequence;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A {@link ByteSequence}: a {@link ChunkRange} that holds one reference on each of the {@code
 * chunkCount} chunks it touches (empty ones included, so that the links it follows stay intact);
 * the covered bytes never change while the references are held. Its range is set once, by the
 * constructor.
 */
final class ChunkSequence extends ChunkRange implements ByteSequence {
  private static final VarHandle CLOSED;

  static {
    try {
      CLOSED = MethodHandles.lookup().findVarHandle(ChunkSequence.class, "closed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Fields are kept few and narrow so that the object a zero-copy read allocates stays at 40 bytes
  // (with the range's four fields).
  private final int chunkCount;

  /** Debug mode's registration with the {@link LeakDetector}, or {@code null}. */
  private final LeakDetector.Tracked tracked;

  /**
   * Set once, by the first {@link #close()}, with a CAS so that exactly one caller releases the
   * chunks even when several threads close at once; read with volatile semantics by the checks.
   */
  @SuppressWarnings("unused") // accessed through CLOSED
  private volatile boolean closed;

  /** Takes over one reference, already taken, on each of the {@code chunkCount} chunks. */
  ChunkSequence(Chunk first, int firstOffset, int length, int chunkCount, boolean debug) {
    super(first, firstOffset, length);
    this.chunkCount = chunkCount;
    this.tracked =
        debug && chunkCount > 0
            ? LeakDetector.track(this, "a ByteSequence", () -> release(first, chunkCount))
            : null;
  }

  static ChunkSequence empty() {
    return new ChunkSequence(null, 0, 0, 0, false);
  }

  @Override
  void checkUsable() {
    if (closed) {
      throw new IllegalStateException("this ByteSequence was closed");
    }
  }

  @Override
  public ByteSequence slice(long from, long to) {
    checkUsable();
    checkRange("slice", from, to, length);
    int n = (int) (to - from);
    if (n == 0) {
      return empty();
    }
    // Find the slice's first chunk, then take a reference on every chunk it touches.
    Chunk c = first;
    long at = firstOffset + from;
    while (at >= c.writeIndex) {
      at -= c.writeIndex;
      c = c.next;
    }
    int count = 0;
    long left = n;
    int offset = (int) at;
    for (Chunk k = c; left > 0; k = k.next, offset = 0) {
      left -= Math.min(k.writeIndex - offset, left);
      k.retain();
      count++;
    }
    return new ChunkSequence(c, (int) at, n, count, tracked != null);
  }

  @Override
  public InputStream asInputStream() {
    checkUsable();
    return new Stream();
  }

  /** {@link #asInputStream()}: a cursor of its own over the segments; closing it closes the sequence. */
  private final class Stream extends InputStream {
    private final Walk walk = new Walk();

    /** Bytes of the current segment already read; the segment is used up at {@code walk.size}. */
    private int used;

    private boolean more = walk.advance();

    private void checkReadable() throws IOException {
      if (closed) {
        throw new IOException("the stream's ByteSequence was closed");
      }
    }

    /** Moves past a used-up segment; returns whether a byte is left. */
    private boolean ready() {
      if (more && used == walk.size) {
        more = walk.advance();
        used = 0;
      }
      return more;
    }

    @Override
    public int read() throws IOException {
      checkReadable();
      if (!ready()) {
        return -1;
      }
      return walk.chunk.get(walk.offset + used++) & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      checkReadable();
      if (len == 0) {
        return 0;
      }
      int done = 0;
      while (done < len && ready()) {
        int k = Math.min(len - done, walk.size - used);
        walk.chunk.copyTo(walk.offset + used, b, off + done, k);
        used += k;
        done += k;
      }
      return done == 0 ? -1 : done;
    }

    @Override
    public long skip(long n) throws IOException {
      checkReadable();
      long done = 0;
      while (done < n && ready()) {
        int k = (int) Math.min(n - done, walk.size - used);
        used += k;
        done += k;
      }
      return done;
    }

    @Override
    public int available() throws IOException {
      checkReadable();
      long left = 0;
      if (more) {
        left = walk.size - used + walk.remaining();
      }
      return (int) Math.min(left, Integer.MAX_VALUE);
    }

    @Override
    public void close() {
      ChunkSequence.this.close();
    }
  }

  @Override
  public Iterator<ByteBuffer> iterator() {
    checkUsable();
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
        checkUsable();
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
    return closed ? "ByteSequence[closed]" : describe("ByteSequence");
  }
}
