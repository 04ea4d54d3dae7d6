package io.github.chunkedbuffer.pipe.impl;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PipeRead;
import io.github.chunkedbuffer.pipe.spi.PipeOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pipe that one writer thread and one reader thread may use at once: a {@link ChunkedPipe}
 * behind a lock, plus waiting on both sides.
 *
 * <p><b>Locking.</b> Every call runs the single-threaded pipe under {@link #lock}, so the pipe's
 * own fields need no further care. The slow parts run outside it: the writer fills a lent buffer
 * and reads its channel, and {@link #writeTo} writes a channel, without the lock, so neither side
 * blocks the other on I/O. Lent bytes lie past the chunk's {@code writeIndex}, where no read looks,
 * and they become visible to the reader through the lock taken by {@link #bufferWritten}.
 *
 * <p><b>Waiting.</b> Readers wait on {@link #readable}, signalled by every commit, EOF and close.
 * The writer waits on {@link #writable} when more than {@code pauseAtBytes} are unread, until reads
 * bring them down to {@code resumeAtBytes}; the gap keeps it from waking for every small read.
 * A reader waiting in {@code await} lets the writer go on whatever the count: it waits for bytes
 * that are not buffered, which only the writer can bring, and a read may need more than is left
 * above {@code resumeAtBytes} (or more than {@code pauseAtBytes}); holding the writer then would
 * leave both sides waiting for ever.
 * {@link java.util.concurrent.locks.Condition} waits park virtual threads without pinning them.
 *
 * <p><b>A lent chunk outlives a close.</b> The reader may close the pipe while the writer is filling
 * a lent buffer, for example inside a blocking {@code channel.read}. Giving that chunk back to the
 * pool then would let the channel write into memory that belongs to someone else. So while a buffer
 * is lent, the lending holds its own reference on the chunk, dropped by the writer's next call (or
 * a close from the writer's own thread).
 */
final class ConcurrentPipe implements Pipe {
  private final ChunkedPipe inner;
  private final long pauseAtBytes;
  private final long resumeAtBytes;
  private final int maxChunkSize;

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when bytes, EOF or a close arrive. */
  private final Condition readable = lock.newCondition();

  /** Signalled when the unread bytes fall to {@code resumeAtBytes}, and on close. */
  private final Condition writable = lock.newCondition();

  /** Whether the writer waits on {@link #writable}. Guarded by {@link #lock}. */
  private boolean writerWaiting;

  /**
   * Whether the reader waits on {@link #readable} for bytes not yet buffered, and no commit came
   * since it began to; the writer is not held back meanwhile. Guarded by {@link #lock}.
   */
  private boolean readerWaiting;

  /** The chunk of the current lend, with a reference of its own; or null. Guarded by lock. */
  private Chunk lentChunk;

  /** The thread that holds the current lend. Guarded by {@link #lock}. */
  private Thread lendThread;

  ConcurrentPipe(PipeOptions options) {
    this.inner = new ChunkedPipe(options);
    this.pauseAtBytes = options.pauseAtBytes();
    this.resumeAtBytes = options.resumeAtBytes();
    this.maxChunkSize = options.maxChunkSize();
  }

  // ---------------------------------------------------------------- plumbing

  /** Runs one non-blocking read under the lock and wakes the writer if it freed enough room. */
  private <T> T locked(PipeRead<T> read) throws IOException {
    lock.lock();
    try {
      T result = read.read(inner);
      wakeWriterIfDrained();
      return result;
    } finally {
      lock.unlock();
    }
  }

  /** {@link #locked} for reads that throw no checked exception. */
  private <T> T lockedQuery(PipeRead<T> read) {
    try {
      return locked(read);
    } catch (IOException e) {
      throw new AssertionError("a query threw", e);
    }
  }

  private void wakeWriterIfDrained() {
    if (writerWaiting && inner.unread() <= resumeAtBytes) {
      writable.signal();
    }
  }

  /** Under the lock: drops the reference the last lend took. */
  private void endLend() {
    Chunk c = lentChunk;
    if (c != null) {
      lentChunk = null;
      lendThread = null;
      c.releaseView();
    }
  }

  /**
   * Under the lock, after every writer-side call, whether it succeeded or threw: makes the lend's
   * own reference follow the inner pipe's loan, which that call may have started, kept or ended.
   */
  private void syncLend() {
    Chunk now = inner.lentChunk();
    if (now == lentChunk) {
      return;
    }
    endLend();
    if (now != null) {
      now.retainView();
      lentChunk = now;
      lendThread = Thread.currentThread();
    }
  }

  /**
   * Under the lock: waits while too many bytes are unread. An interrupt ends the wait early; the
   * interrupt status is kept for the writer's next blocking call, and the write goes ahead.
   */
  private void awaitRoom() {
    if (!holdsWriter(pauseAtBytes)) {
      return;
    }
    writerWaiting = true;
    try {
      while (holdsWriter(resumeAtBytes)) {
        writable.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      writerWaiting = false;
    }
  }

  /**
   * Under the lock, after a commit or EOF: wakes the reader. A waiting reader's claim that only the
   * writer can help is answered by this commit; if it still needs more it says so again, so the
   * writer runs ahead of the thresholds by one commit at a time, not for as long as the reader
   * takes to wake.
   */
  private void wakeReader() {
    readerWaiting = false;
    readable.signalAll();
  }

  /** Under the lock: whether the writer must wait, given the threshold it waits against. */
  private boolean holdsWriter(long threshold) {
    return inner.unread() > threshold && !inner.isClosed() && !readerWaiting;
  }

  // ---------------------------------------------------------------- write side

  @Override
  public ByteBuffer getBuffer(int sizeHint) {
    lock.lock();
    try {
      awaitRoom();
      return inner.getBuffer(sizeHint);
    } finally {
      syncLend();
      lock.unlock();
    }
  }

  @Override
  public ByteBuffer getBuffer() {
    return getBuffer(-1);
  }

  /** Returns {@code null}, changing nothing, while the writer is held back. */
  @Override
  public ByteBuffer tryGetBuffer(int sizeHint) {
    lock.lock();
    try {
      if (holdsWriter(pauseAtBytes)) {
        return null;
      }
      return inner.getBuffer(sizeHint);
    } finally {
      syncLend();
      lock.unlock();
    }
  }

  @Override
  public void bufferWritten(int n) {
    lock.lock();
    try {
      inner.bufferWritten(n);
      wakeReader();
    } finally {
      syncLend();
      lock.unlock();
    }
  }

  @Override
  public void write(byte[] src) {
    write(src, 0, src.length);
  }

  @Override
  public void write(byte[] src, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, src.length);
    write(ByteBuffer.wrap(src, offset, length)); // one piecewise loop for both sources
  }

  @Override
  public void write(ByteBuffer src) {
    int end = src.limit();
    boolean first = true;
    do {
      // In pieces of at most a chunk, so that the writer pauses between them.
      int k = Math.min(end - src.position(), maxChunkSize);
      lock.lock();
      try {
        awaitRoom();
        if (first) {
          // The limit judges the whole write before its first piece commits; later pieces fit,
          // since only this writer adds bytes and the reader only takes them away.
          inner.checkWrite(end - src.position());
          first = false;
        }
        src.limit(src.position() + k);
        inner.write(src);
        wakeReader();
      } finally {
        src.limit(end);
        syncLend();
        lock.unlock();
      }
    } while (src.hasRemaining());
  }

  @Override
  public int readFrom(ReadableByteChannel channel) throws IOException {
    Objects.requireNonNull(channel, "channel");
    ByteBuffer buffer;
    lock.lock();
    try {
      awaitRoom();
      inner.checkWrite(0);
      inner.checkReadFromRoom(); // LimitExceededException, as a plain pipe's readFrom throws
      buffer = inner.getBuffer(inner.readFromHint());
    } finally {
      syncLend();
      lock.unlock();
    }
    int n;
    try {
      n = channel.read(buffer); // without the lock: the reader goes on meanwhile
    } catch (Throwable t) {
      lock.lock();
      try {
        inner.abandonLend();
      } finally {
        syncLend();
        lock.unlock();
      }
      throw t;
    }
    lock.lock();
    try {
      if (n < 0) {
        inner.abandonLend();
        inner.eof();
      } else {
        inner.bufferWritten(n);
      }
      wakeReader();
    } finally {
      syncLend();
      lock.unlock();
    }
    return n;
  }

  @Override
  public void eof() {
    lock.lock();
    try {
      inner.eof();
      wakeReader();
    } finally {
      syncLend();
      lock.unlock();
    }
  }

  @Override
  public void eof(Throwable cause) {
    lock.lock();
    try {
      inner.eof(cause);
      wakeReader();
    } finally {
      syncLend();
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- read side

  @Override
  public byte[] read(int n) throws IOException {
    return locked(p -> p.read(n));
  }

  @Override
  public byte[] read() throws IOException {
    return read(-1);
  }

  @Override
  public byte[] readExact(int n) throws IOException {
    return locked(p -> p.readExact(n));
  }

  @Override
  public byte[] readUntil(byte[] separator) throws IOException {
    return readUntil(separator, false);
  }

  @Override
  public byte[] readUntil(byte[] separator, boolean skipSeparator) throws IOException {
    return locked(p -> p.readUntil(separator, skipSeparator));
  }

  @Override
  public byte[] readUntil(byte[] separator, boolean skipSeparator, long limit)
      throws IOException {
    return locked(p -> p.readUntil(separator, skipSeparator, limit));
  }

  @Override
  public byte[] peek(int n) throws IOException {
    return locked(p -> p.peek(n));
  }

  @Override
  public byte[] peek() throws IOException {
    return peek(-1);
  }

  @Override
  public byte[] peekExact(int n) throws IOException {
    return locked(p -> p.peekExact(n));
  }

  @Override
  public long skip(long n) throws IOException {
    return locked(p -> p.skip(n));
  }

  @Override
  public long skip() throws IOException {
    return skip(-1);
  }

  @Override
  public boolean skipExact(long n) throws IOException {
    return locked(p -> p.skipExact(n));
  }

  @Override
  public ByteSequence readZeroCopy(int n) throws IOException {
    return locked(p -> p.readZeroCopy(n));
  }

  @Override
  public ByteSequence readExactZeroCopy(int n) throws IOException {
    return locked(p -> p.readExactZeroCopy(n));
  }

  @Override
  public ByteSequence readUntilZeroCopy(byte[] separator, boolean skipSeparator)
      throws IOException {
    return locked(p -> p.readUntilZeroCopy(separator, skipSeparator));
  }

  @Override
  public ByteSequence readUntilZeroCopy(byte[] separator, boolean skipSeparator, long limit)
      throws IOException {
    return locked(p -> p.readUntilZeroCopy(separator, skipSeparator, limit));
  }

  @Override
  public ByteSequence peekZeroCopy(int n) throws IOException {
    return locked(p -> p.peekZeroCopy(n));
  }

  @Override
  public ByteSequence peekExactZeroCopy(int n) throws IOException {
    return locked(p -> p.peekExactZeroCopy(n));
  }

  @Override
  public long findByte(byte b, long start, long end) {
    return lockedQuery(p -> p.findByte(b, start, end));
  }

  @Override
  public long findByte(byte b) {
    return lockedQuery(p -> p.findByte(b));
  }

  @Override
  public long find(byte[] s, long start, long end) {
    return lockedQuery(p -> p.find(s, start, end));
  }

  @Override
  public long find(byte[] s) {
    return lockedQuery(p -> p.find(s));
  }

  @Override
  public byte byteAt(long index) {
    return lockedQuery(p -> p.byteAt(index));
  }

  @Override
  public long length() {
    return lockedQuery(Pipe::length);
  }

  @Override
  public boolean isClosed() {
    return lockedQuery(Pipe::isClosed);
  }

  @Override
  public boolean reachedEof() {
    return lockedQuery(Pipe::reachedEof);
  }

  // ---------------------------------------------------------------- streams, channels, waiting

  @Override
  public InputStream asInputStream() {
    lockedQuery(Pipe::length); // the open check
    return new PipeInputStream(this);
  }

  @Override
  public OutputStream asOutputStream() {
    lockedQuery(Pipe::length);
    return new PipeOutputStream(this);
  }

  /**
   * Writes without holding the lock: the unread bytes are pinned by a zero-copy peek, written, and
   * then skipped, as many as the segments show taken, also when the channel throws. Only the
   * reader consumes, so nothing else can move them in between.
   */
  @Override
  public long writeTo(WritableByteChannel channel) throws IOException {
    Objects.requireNonNull(channel, "channel");
    ByteSequence pinned = locked(p -> p.length() == 0 ? null : p.peekZeroCopy(-1));
    if (pinned == null) {
      return 0;
    }
    ByteBuffer[] segments = new ByteBuffer[pinned.segmentCount()];
    for (int i = 0; i < segments.length; i++) {
      segments[i] = pinned.segment(i);
    }
    long total = 0;
    try {
      if (channel instanceof GatheringByteChannel) {
        GatheringByteChannel gathering = (GatheringByteChannel) channel;
        while (gathering.write(segments) > 0 && segments[segments.length - 1].hasRemaining()) {
          // a partial write is not a full channel: go on until it takes nothing
        }
      } else {
        segments:
        for (ByteBuffer segment : segments) {
          while (segment.hasRemaining()) {
            if (channel.write(segment) <= 0) {
              break segments;
            }
          }
        }
      }
    } finally {
      for (ByteBuffer segment : segments) {
        total += segment.position();
      }
      pinned.close();
      long written = total;
      locked(p -> p.skip(written));
    }
    return total;
  }

  @Override
  public boolean isConcurrent() {
    return true;
  }

  @Override
  public <T> T await(PipeRead<T> read) throws IOException, InterruptedException {
    return await(read, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
  }

  @Override
  public <T> T await(PipeRead<T> read, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    long nanos = unit.toNanos(timeout);
    boolean forever = nanos == Long.MAX_VALUE;
    lock.lockInterruptibly();
    try {
      while (true) {
        T result = read.read(inner);
        if (result != null) {
          wakeWriterIfDrained();
          return result;
        }
        readerWaiting = true; // only the writer can end this wait: let it go on
        if (writerWaiting) {
          writable.signal();
        }
        if (forever) {
          readable.await();
        } else if (nanos <= 0) {
          return null;
        } else {
          nanos = readable.awaitNanos(nanos);
        }
      }
    } finally {
      readerWaiting = false;
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (lendThread == Thread.currentThread()) {
        endLend();
      }
      inner.close();
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Concurrent" + lockedQuery(p -> p.toString());
  }
}
