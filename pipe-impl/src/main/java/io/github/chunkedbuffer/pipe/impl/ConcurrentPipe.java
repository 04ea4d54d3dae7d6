package io.github.chunkedbuffer.pipe.impl;

import io.github.chunkedbuffer.pipe.BufferLimitExceededException;
import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ByteView;
import io.github.chunkedbuffer.pipe.LimitExceededException;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PipeRead;
import io.github.chunkedbuffer.pipe.spi.PipeOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
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
 * and they become visible to the reader through the lock taken by {@link #bufferWritten}. Each
 * method takes the lock itself rather than through a shared helper taking a lambda: a helper's
 * call site sees every read and cannot inline them, so each call would allocate its lambda.
 *
 * <p><b>Waiting.</b> Readers wait on {@link #readable}, signalled by every commit, EOF, close and
 * refused write. The writer waits on {@link #writable} while more than {@code pauseAtBytes} are
 * unread, until reads bring them down to {@code resumeAtBytes} (the gap keeps it from waking for
 * every small read), and while the chunk memory its next step needs would go past {@code
 * pauseAtBytes + maxChunkSize} (see {@link ChunkQueue}: free room asked for and left unfilled
 * counts). A reader waiting in {@code await} lets the writer go on whatever the count: it waits
 * for bytes that are not buffered, which only the writer can bring, and a read may need more than
 * is left above {@code resumeAtBytes} (or more than {@code pauseAtBytes}); holding the writer then
 * would leave both sides waiting for ever. An interrupt never lets the writer past the threshold:
 * it ends the wait with an exception and the interrupt status kept.
 * {@link java.util.concurrent.locks.Condition} waits park virtual threads without pinning them.
 *
 * <p><b>One writer, one reader.</b> The thread inside a writer-side call, or holding a lent
 * buffer, is {@link #writer}; a second thread that calls a writer-side method meanwhile gets an
 * {@link IllegalStateException} naming it, instead of both parking for ever or losing bytes. The
 * same holds for a reader waiting in {@code await} or writing in {@code writeTo} ({@link #reader}).
 * Other reads are atomic under the lock, and threads may take turns: a writer may hand the pipe to
 * another thread between calls, as a client's callbacks do.
 *
 * <p><b>A lent chunk outlives a close.</b> The reader may close the pipe while the writer is filling
 * a lent buffer, for example inside a blocking {@code channel.read}. Giving that chunk back to the
 * pool then would let the channel write into memory that belongs to someone else. So while a buffer
 * is lent, the lending holds its own reference on the chunk, dropped by the writer's next call
 * (any writer-side call, or {@code close()} from the writer's thread; the output stream's {@code
 * close()} makes one), or by a {@code close()} from any thread once the thread it was lent to has
 * died.
 */
final class ConcurrentPipe implements Pipe {
  private final ChunkedPipe inner;
  private final ChunkQueue queue;
  private final long pauseAtBytes;
  private final long resumeAtBytes;
  private final long maxBufferedBytes;
  private final int maxChunkSize;

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when bytes, EOF, a close or a refused write arrive. */
  private final Condition readable = lock.newCondition();

  /** Signalled when the writer may go on, and on close. */
  private final Condition writable = lock.newCondition();

  /** Whether the writer waits on {@link #writable}. Guarded by {@link #lock}. */
  private boolean writerWaiting;

  /** What the waiting writer needs: bytes, and whether contiguous (a loan). Guarded by lock. */
  private long writerNeed;

  private boolean writerNeedsLoan;

  /**
   * Whether the reader waits on {@link #readable} for bytes not yet buffered, and no commit came
   * since it began to; the writer is not held back meanwhile. Guarded by {@link #lock}.
   */
  private boolean readerWaiting;

  /**
   * The unread bytes when the last writer-side call was refused by the pipe's limits, or -1: a
   * reader waiting for more then waits in vain, and is told so, unless it has read since (the
   * writer may retry into the room that made). Cleared by the next commit. Guarded by {@link
   * #lock}.
   */
  private long refusedAt = -1;

  /** The chunk of the current lend, with a reference of its own; or null. Guarded by lock. */
  private Chunk lentChunk;

  /** The thread the current lend went to, or null. Guarded by {@link #lock}. */
  private Thread lendThread;

  /**
   * The thread inside a writer-side call, also while it waits or reads its channel without the
   * lock; or null. Guarded by {@link #lock}.
   */
  private Thread writer;

  /** The thread waiting in {@code await} or writing in {@code writeTo}, or null. Guarded. */
  private Thread reader;

  /** The thread that last pointed a borrowed view, or null. Guarded by {@link #lock}. */
  private Thread viewThread;

  /**
   * Whether another thread closed the pipe while {@link #viewThread} could still be reading a
   * borrowed view: the chunks stay until that thread's next call on the pipe. Guarded by lock.
   */
  private boolean chunksKeptForReader;

  ConcurrentPipe(PipeOptions options) {
    this.inner = new ChunkedPipe(options);
    inner.keepViewsOnWrites();
    this.queue = inner.queue();
    this.pauseAtBytes = options.pauseAtBytes();
    this.resumeAtBytes = options.resumeAtBytes();
    this.maxBufferedBytes = options.maxBufferedBytes();
    this.maxChunkSize = options.maxChunkSize();
  }

  // ---------------------------------------------------------------- plumbing

  /**
   * Under the lock: makes this thread the writer, or throws naming the thread that is: one inside
   * a writer-side call, or, unless this call only commits ({@code commit}), one holding a lent
   * buffer. A lent buffer may be committed from another thread (a completion handler may run
   * anywhere), but a new write while someone else fills one would hand them the same room.
   */
  private void enterWriter(boolean commit) {
    Thread me = Thread.currentThread();
    Thread w = writer;
    if (w != null && w != me) {
      throw secondWriter(me, w, "is inside a writer-side call");
    }
    Thread holder = lendThread;
    if (!commit && holder != null && holder != me) {
      if (holder.isAlive()) {
        throw secondWriter(me, holder, "holds a buffer lent by getBuffer and has not committed it");
      }
      // The holder died: nobody can write into its buffer any more.
      endLend();
      inner.abandonLend();
    }
    writer = me;
  }

  private static IllegalStateException secondWriter(Thread me, Thread other, String what) {
    return new IllegalStateException(
        "thread \""
            + me.getName()
            + "\" calls a writer-side method while thread \""
            + other.getName()
            + "\" "
            + what
            + ": a concurrent pipe has one writer thread at a time");
  }

  /**
   * Under the lock, at the end of every writer-side call, whether it succeeded or threw; nothing
   * for a call that {@link #enterWriter} refused, which changed nothing.
   */
  private void exitWriter() {
    if (writer == Thread.currentThread()) {
      syncLend();
      writer = null;
    }
  }

  /**
   * Under the lock: makes the lend's own reference follow the inner pipe's loan, which a
   * writer-side call may have started, kept or ended.
   */
  private void syncLend() {
    Chunk now = inner.lentChunk();
    if (now != lentChunk) {
      endLend();
      if (now != null) {
        now.retainView();
        lentChunk = now;
        lendThread = Thread.currentThread();
      }
    }
  }

  /** Under the lock: drops the reference the last lend took. */
  private void endLend() {
    Chunk c = lentChunk;
    lendThread = null;
    if (c != null) {
      lentChunk = null;
      c.releaseView();
    }
  }

  /**
   * Under the lock, first in every reader-side call and query: gives back the chunks a close by
   * another thread kept for this thread's borrowed views; the call then fails as closed.
   */
  private void readerCall() {
    if (chunksKeptForReader && viewThread == Thread.currentThread()) {
      chunksKeptForReader = false;
      inner.releaseChunks();
    }
  }

  /** Under the lock: a reader-side call checks that no other thread waits or writes as reader. */
  private void checkReader() {
    readerCall();
    Thread r = reader;
    if (r != null && r != Thread.currentThread() && r.isAlive()) {
      throw new IllegalStateException(
          "thread \""
              + Thread.currentThread().getName()
              + "\" reads while thread \""
              + r.getName()
              + "\" is reading this concurrent pipe: it allows one reader thread at a time");
    }
  }

  /** Under the lock, after a read: wakes the writer if it may go on now. */
  private void afterRead() {
    if (writerWaiting && !holdsWriter(resumeAtBytes, writerNeed, writerNeedsLoan)) {
      writable.signal();
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
    refusedAt = -1;
    readable.signalAll();
  }

  /**
   * Under the lock: whether the writer must wait before a step that needs {@code need} bytes (in
   * one piece when {@code loan}), given the unread threshold it waits against.
   */
  private boolean holdsWriter(long threshold, long need, boolean loan) {
    if (inner.isClosed() || readerWaiting) {
      return false;
    }
    long unread = queue.length();
    if (unread > threshold) {
      return true;
    }
    if (unread == 0 && !queue.viewLive()) {
      // No read can free anything now: the chunks hold at most the tail of the writer's own last
      // loan, which its next step ends. Holding the writer would leave both sides waiting. (While
      // a borrowed view is live, the reader's next call frees what is kept for it.)
      return false;
    }
    return loan ? !queue.fitsLoan((int) need, pauseAtBytes) : !queue.fitsWrite(need, pauseAtBytes);
  }

  /**
   * Under the lock: waits while the writer is held back. An interrupt ends the wait with {@link
   * InterruptedException}: the writer is never let past the threshold by one.
   */
  private void awaitRoom(long need, boolean loan) throws InterruptedException {
    if (!holdsWriter(pauseAtBytes, need, loan)) {
      return;
    }
    writerWaiting = true;
    writerNeed = need;
    writerNeedsLoan = loan;
    try {
      while (holdsWriter(resumeAtBytes, need, loan)) {
        writable.await();
      }
    } finally {
      writerWaiting = false;
    }
  }

  /**
   * Under the lock, after {@link #awaitRoom}: the memory bound for the writer's next step, the
   * pause threshold unless a waiting reader let the writer past it.
   */
  private long bound() {
    return readerWaiting ? maxBufferedBytes : Math.min(pauseAtBytes, maxBufferedBytes);
  }

  /**
   * Under the lock: the exception for a writer interrupted while held back; {@code done} says what
   * the call did before (a write may have committed pieces).
   */
  private CancellationException interrupted(InterruptedException e, String done) {
    Thread.currentThread().interrupt();
    CancellationException c =
        new CancellationException(
            "interrupted while the pipe held the writer back ("
                + queue.length()
                + " bytes unread, pauseAtBytes "
                + pauseAtBytes
                + ", chunks holding "
                + queue.heldBytes()
                + " bytes); "
                + done
                + "; the interrupt status is kept");
    c.initCause(e);
    return c;
  }

  /** Under the lock: records a refused write, which a reader waiting for more must hear of. */
  private void refused() {
    refusedAt = queue.length();
    readable.signalAll();
  }

  // ---------------------------------------------------------------- write side

  @Override
  public ByteBuffer getBuffer(int sizeHint) {
    lock.lock();
    try {
      enterWriter(false);
      ChunkedPipe.checkHint(sizeHint);
      inner.checkWritable();
      int need = Math.max(sizeHint, 1);
      checkEverFits(need, sizeHint);
      awaitRoom(need, true);
      return lendNow(sizeHint, need);
    } catch (InterruptedException e) {
      throw interrupted(e, "nothing was lent, and a buffer lent before stays lent");
    } catch (BufferLimitExceededException e) {
      refused();
      throw e;
    } finally {
      exitWriter();
      lock.unlock();
    }
  }

  /**
   * Under the lock: refuses a loan larger than {@code maxBufferedBytes} before any wait or {@code
   * null}, since no read can ever make room for it.
   */
  private void checkEverFits(int need, int sizeHint) {
    if (need > maxBufferedBytes) {
      inner.checkLoan(need, maxBufferedBytes, sizeHint); // throws: more than the limit leaves
    }
  }

  /**
   * Under the lock, with the writer allowed on: drops the previous loan's own reference, so that
   * it keeps no tail from being rewound or moved (it would make the tail look shared, and a loan
   * that fits refused), checks the loan and lends. A refusal keeps the previous loan, and {@link
   * #exitWriter} takes its reference again.
   */
  private ByteBuffer lendNow(int sizeHint, int need) {
    long bound = bound();
    endLend();
    inner.checkLoan(need, bound, sizeHint);
    return inner.lend(sizeHint, bound);
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
      enterWriter(false);
      ChunkedPipe.checkHint(sizeHint);
      inner.checkWritable();
      int need = Math.max(sizeHint, 1);
      checkEverFits(need, sizeHint);
      if (holdsWriter(pauseAtBytes, need, true)) {
        return null;
      }
      return lendNow(sizeHint, need);
    } catch (BufferLimitExceededException e) {
      refused();
      throw e;
    } finally {
      exitWriter();
      lock.unlock();
    }
  }

  @Override
  public void bufferWritten(int n) {
    lock.lock();
    try {
      enterWriter(true);
      inner.bufferWritten(n);
      wakeReader();
    } finally {
      exitWriter();
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
    writeInPieces(src, offset, null, length);
  }

  @Override
  public void write(ByteBuffer src) {
    writeInPieces(null, 0, src, src.remaining());
  }

  /**
   * Writes {@code length} bytes of {@code array} from {@code offset}, or else of {@code buffer}
   * from its position, in pieces of at most a chunk, so that the writer pauses between them and
   * the reader gets the lock in between; without wrapping the array in a buffer, which would cost
   * an object per write. The whole write is this thread's: no other writer gets in between two
   * pieces.
   */
  private void writeInPieces(byte[] array, int offset, ByteBuffer buffer, int length) {
    int done = 0;
    lock.lock();
    try {
      enterWriter(false);
      inner.checkWritable();
      // The limit judges the whole write before its first piece commits; later pieces fit,
      // since only this writer adds bytes and the reader only takes them away.
      inner.checkRoom(length, maxBufferedBytes);
      do {
        int k = Math.min(length - done, maxChunkSize);
        if (k > 0) {
          awaitRoom(k, false); // a write of nothing never waits
        }
        // The write ends any loan; its own reference would only keep the old tail from being
        // reused or given back meanwhile. A refusal keeps the loan, and exitWriter takes the
        // reference again.
        endLend();
        if (array != null) {
          inner.write(array, offset + done, k, bound());
        } else {
          int end = buffer.limit();
          buffer.limit(buffer.position() + k);
          try {
            inner.write(buffer, bound());
          } finally {
            buffer.limit(end);
          }
        }
        done += k;
        wakeReader();
        if (done < length) {
          lock.unlock();
          lock.lock();
        }
      } while (done < length);
    } catch (InterruptedException e) {
      // Interrupted before a piece: the pieces before it are committed.
      throw interrupted(
          e, done + " of " + length + " bytes of this write were committed, the rest were not");
    } catch (BufferLimitExceededException e) {
      refused();
      throw e;
    } finally {
      exitWriter();
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- write side, typed and text

  @Override
  public void writeByte(int value) {
    writeValue("writeByte", value, Byte.BYTES);
  }

  @Override
  public void writeShort(int value) {
    writeValue("writeShort", value, Short.BYTES);
  }

  @Override
  public void writeInt(int value) {
    writeValue("writeInt", value, Integer.BYTES);
  }

  @Override
  public void writeLong(long value) {
    writeValue("writeLong", value, Long.BYTES);
  }

  /** A typed write: waits like any write, then one step of the inner pipe; no array, no boxing. */
  private void writeValue(String method, long value, int size) {
    lock.lock();
    try {
      enterWriter(false);
      inner.checkWritable();
      inner.checkRoom(size, maxBufferedBytes);
      awaitRoom(size, false);
      endLend();
      inner.writeValue(method, value, size, bound());
      wakeReader();
    } catch (InterruptedException e) {
      throw interrupted(e, "nothing was written");
    } catch (BufferLimitExceededException e) {
      refused();
      throw e;
    } finally {
      exitWriter();
      lock.unlock();
    }
  }

  @Override
  public void write(CharSequence text, Charset charset) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(charset, "charset");
    if (charset.equals(StandardCharsets.UTF_8)) {
      // Counted before anything is encoded: text past the limit is refused without an array of
      // its size, as on a plain pipe.
      checkWholeWrite(ChunkBytes.utf8Length(text));
    }
    // Encoded first, outside the lock: the write then pauses between pieces like any other.
    byte[] bytes = text.toString().getBytes(charset);
    writeInPieces(bytes, 0, null, bytes.length);
  }

  /** Refuses, as {@link #writeInPieces} would, a write of {@code length} bytes past the limit. */
  private void checkWholeWrite(long length) {
    if (length <= maxBufferedBytes) {
      return;
    }
    lock.lock();
    try {
      enterWriter(false);
      inner.checkWritable();
      inner.checkRoom(length, maxBufferedBytes);
    } catch (BufferLimitExceededException e) {
      refused();
      throw e;
    } finally {
      exitWriter();
      lock.unlock();
    }
  }

  @Override
  public void write(ByteView bytes) {
    Objects.requireNonNull(bytes, "bytes");
    // Copied first: the view may be the reader's, which its thread may move on meanwhile, and
    // the write must be able to pause between pieces without holding the view's chunks.
    byte[] copy = bytes.toByteArray();
    writeInPieces(copy, 0, null, copy.length);
  }

  @Override
  public int readFrom(ReadableByteChannel channel) throws IOException {
    Objects.requireNonNull(channel, "channel");
    ByteBuffer buffer;
    lock.lock();
    try {
      enterWriter(false);
      inner.checkWritable();
      awaitRoom(1, true);
      long bound = bound();
      endLend();
      buffer = inner.lendForRead(channel, bound);
      syncLend();
    } catch (InterruptedException e) {
      exitWriter();
      Thread.currentThread().interrupt();
      InterruptedIOException io =
          new InterruptedIOException(
              "readFrom: interrupted while the pipe held the writer back; the channel was not"
                  + " read, the interrupt status is kept");
      io.initCause(e);
      throw io;
    } catch (LimitExceededException e) {
      refused();
      exitWriter();
      throw e;
    } catch (RuntimeException | Error e) {
      exitWriter();
      throw e;
    } finally {
      lock.unlock();
    }
    // Without the lock: the reader goes on meanwhile. This thread stays the writer: no other
    // thread may write or commit while the channel fills the lent room.
    int n;
    try {
      n = channel.read(buffer);
    } catch (Throwable t) {
      lock.lock();
      try {
        inner.abandonLend();
      } finally {
        exitWriter();
        lock.unlock();
      }
      throw t;
    }
    lock.lock();
    try {
      int result = inner.commitRead(n); // closed by the reader meanwhile: IllegalStateException
      wakeReader();
      return result;
    } finally {
      exitWriter();
      lock.unlock();
    }
  }

  @Override
  public void eof() {
    lock.lock();
    try {
      enterWriter(false);
      inner.eof();
      wakeReader();
    } finally {
      exitWriter();
      lock.unlock();
    }
  }

  @Override
  public void eof(Throwable cause) {
    lock.lock();
    try {
      enterWriter(false);
      inner.eof(cause);
      wakeReader();
    } finally {
      exitWriter();
      lock.unlock();
    }
  }

  /**
   * For the output stream's {@code close()}: EOF if the pipe is open, and in any case the end of
   * this thread's loan, so that a buffer lent before the reader closed goes back to the pool.
   */
  void endWriting() {
    lock.lock();
    try {
      if (lendThread == Thread.currentThread()) {
        endLend();
        if (!inner.isClosed()) {
          inner.abandonLend();
        }
      }
      if (!inner.isClosed()) {
        enterWriter(false);
        try {
          inner.eof();
          wakeReader();
        } finally {
          exitWriter();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- read side

  @Override
  public byte[] read(int n) throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.read(n);
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public byte[] read() throws IOException {
    return read(-1);
  }

  @Override
  public byte[] readExact(int n) throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.readExact(n);
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public byte[] readUntil(byte[] separator) throws IOException {
    return readUntil(separator, false);
  }

  @Override
  public byte[] readUntil(byte[] separator, boolean skipSeparator) throws IOException {
    return readUntil(separator, skipSeparator, Long.MAX_VALUE);
  }

  @Override
  public byte[] readUntil(byte[] separator, boolean skipSeparator, long limit)
      throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.readUntil(separator, skipSeparator, limit);
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public byte[] peek(int n) throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.peek(n);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public byte[] peek() throws IOException {
    return peek(-1);
  }

  @Override
  public byte[] peekExact(int n) throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.peekExact(n);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long skip(long n) throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.skip(n);
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public long skip() throws IOException {
    return skip(-1);
  }

  @Override
  public boolean skipExact(long n) throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.skipExact(n);
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public ByteSequence readZeroCopy(int n) throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.readZeroCopy(n);
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public ByteSequence readExactZeroCopy(int n) throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.readExactZeroCopy(n);
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public ByteSequence readUntilZeroCopy(byte[] separator, boolean skipSeparator)
      throws IOException {
    return readUntilZeroCopy(separator, skipSeparator, Long.MAX_VALUE);
  }

  @Override
  public ByteSequence readUntilZeroCopy(byte[] separator, boolean skipSeparator, long limit)
      throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.readUntilZeroCopy(separator, skipSeparator, limit);
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public ByteSequence peekZeroCopy(int n) throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.peekZeroCopy(n);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ByteSequence peekExactZeroCopy(int n) throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.peekExactZeroCopy(n);
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- borrowed views

  @Override
  public ByteView newView() {
    lock.lock();
    try {
      return inner.newView();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean readExact(int n, ByteView into) throws IOException {
    lock.lock();
    try {
      checkReader();
      viewThread = Thread.currentThread();
      return inner.readExact(n, into);
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public boolean readUntil(byte[] separator, boolean skipSeparator, long limit, ByteView into)
      throws IOException {
    lock.lock();
    try {
      checkReader();
      viewThread = Thread.currentThread();
      return inner.readUntil(separator, skipSeparator, limit, into);
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public boolean peekExact(int n, ByteView into) throws IOException {
    lock.lock();
    try {
      checkReader();
      viewThread = Thread.currentThread();
      return inner.peekExact(n, into);
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- typed reads, numbers, text

  @Override
  public byte readByte() throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.readByte();
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public short readShort() throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.readShort();
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public int readInt() throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.readInt();
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public long readLong() throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.readLong();
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public short shortAt(long index) {
    lock.lock();
    try {
      readerCall();
      return inner.shortAt(index);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int intAt(long index) {
    lock.lock();
    try {
      readerCall();
      return inner.intAt(index);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long longAt(long index) {
    lock.lock();
    try {
      readerCall();
      return inner.longAt(index);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long parseLong(long start, long end, int radix) {
    lock.lock();
    try {
      readerCall();
      return inner.parseLong(start, end, radix);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String readLine(long limit) throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.readLine(limit);
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  @Override
  public String readString(int n, Charset charset) throws IOException {
    lock.lock();
    try {
      checkReader();
      return inner.readString(n, charset);
    } finally {
      afterRead();
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- queries: any thread

  @Override
  public long findByte(byte b, long start, long end) {
    lock.lock();
    try {
      readerCall();
      return inner.findByte(b, start, end);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long findByte(byte b) {
    return findByte(b, 0, Long.MAX_VALUE);
  }

  @Override
  public long find(byte[] s, long start, long end) {
    lock.lock();
    try {
      readerCall();
      return inner.find(s, start, end);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long find(byte[] s) {
    return find(s, 0, Long.MAX_VALUE);
  }

  @Override
  public byte byteAt(long index) {
    lock.lock();
    try {
      readerCall();
      return inner.byteAt(index);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long length() {
    lock.lock();
    try {
      readerCall();
      return inner.length();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isClosed() {
    lock.lock();
    try {
      readerCall();
      return inner.isClosed();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean reachedEof() {
    lock.lock();
    try {
      readerCall();
      return inner.reachedEof();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- streams, channels, waiting

  @Override
  public InputStream asInputStream() {
    length(); // the open check
    return new PipeInputStream(this);
  }

  @Override
  public OutputStream asOutputStream() {
    length();
    return new PipeOutputStream(this, this::endWriting);
  }

  /**
   * Writes without holding the lock: the unread bytes are pinned by a zero-copy peek, written, and
   * then skipped, as many as the segments show taken, also when the channel throws. Only the
   * reader consumes, so nothing else can move them in between.
   */
  @SuppressWarnings("Finally") // it throws only when the try block did not: nothing is lost
  @Override
  public long writeTo(WritableByteChannel channel) throws IOException {
    Objects.requireNonNull(channel, "channel");
    ByteSequence pinned;
    lock.lock();
    try {
      checkReader();
      pinned = inner.length() == 0 ? null : inner.peekZeroCopy(-1);
      if (pinned == null) {
        return 0;
      }
      reader = Thread.currentThread();
    } finally {
      lock.unlock();
    }
    ByteBuffer[] segments = new ByteBuffer[pinned.segmentCount()];
    for (int i = 0; i < segments.length; i++) {
      segments[i] = pinned.segment(i);
    }
    Throwable failure = null;
    long total = 0;
    try {
      if (channel instanceof GatheringByteChannel gathering) {
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
    } catch (IOException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      for (ByteBuffer segment : segments) {
        total += segment.position();
      }
      pinned.close();
      lock.lock();
      try {
        reader = null;
        if (!inner.closedForGood()) {
          inner.skip(total); // what the channel took is gone, also when it then failed
        }
        afterRead();
      } catch (IOException | RuntimeException e) {
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e); // the channel's failure is what the caller must see
      } finally {
        lock.unlock();
      }
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
    return await(read, unit.toNanos(timeout), false);
  }

  /**
   * Waits for {@code read}; with {@code forBytes}, the read is known to wait for bytes only (a
   * named exact or separator read), so it fails at once when the pipe can take no more: a generic
   * read may wait for what the writer can still do at its limit ({@code eof}, {@code close}).
   */
  private <T> T await(PipeRead<T> read, long nanosTimeout, boolean forBytes)
      throws IOException, InterruptedException {
    return await(read, nanosTimeout, forBytes, 0);
  }

  /** {@link #await(PipeRead, long, boolean)}, setting {@link #atLeast} to {@code need} first. */
  private <T> T await(PipeRead<T> read, long nanosTimeout, boolean forBytes, long need)
      throws IOException, InterruptedException {
    long nanos = nanosTimeout;
    boolean forever = nanos == Long.MAX_VALUE;
    lock.lockInterruptibly();
    try {
      checkReader();
    } catch (RuntimeException e) {
      lock.unlock();
      throw e;
    }
    reader = Thread.currentThread();
    atLeast = need;
    try {
      while (true) {
        T result = read.read(inner);
        if (result != null) {
          afterRead();
          return result;
        }
        if (forBytes) {
          checkCanGrow();
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
      reader = null;
      lock.unlock();
    }
  }

  /**
   * What {@link #awaitAtLeast} waits for; set by the waiting reader once it is {@link #reader},
   * so no other thread can change it meanwhile. Guarded by {@link #lock}.
   */
  private long atLeast;

  /** {@link #awaitAtLeast}'s read: one object for every wait, so waiting allocates nothing. */
  private final PipeRead<Boolean> atLeastRead =
      p -> (p.length() >= atLeast || p.isClosed()) ? Boolean.TRUE : null;

  @Override
  public long awaitAtLeast(long n) throws InterruptedException, LimitExceededException {
    return awaitAtLeast("awaitAtLeast", n, Long.MAX_VALUE);
  }

  @Override
  public long awaitAtLeast(long n, long timeout, TimeUnit unit)
      throws InterruptedException, LimitExceededException {
    return awaitAtLeast("awaitAtLeast", n, nanos(timeout, unit));
  }

  private long awaitAtLeast(String method, long n, long nanos)
      throws InterruptedException, LimitExceededException {
    if (n < 0) {
      throw new IllegalArgumentException(method + "(" + n + "): n must be >= 0");
    }
    checkFits(method, n);
    try {
      await(atLeastRead, nanos, true, n);
    } catch (LimitExceededException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("internal error: awaitAtLeast's read threw " + e, e);
    }
    return length();
  }

  /**
   * Under the lock, when a read found too little: throws if nothing the writer may still do can
   * change that, because the pipe holds its limit or the writer was refused by it.
   */
  private void checkCanGrow() throws LimitExceededException {
    if (inner.isClosed()) {
      return; // the read itself reports EOF or close
    }
    long unread = queue.length();
    boolean writerRefused = refusedAt >= 0 && unread >= refusedAt;
    if (unread >= maxBufferedBytes || writerRefused) {
      throw new LimitExceededException(
          "await: the read needs more than the "
              + unread
              + " unread bytes, and the pipe can take no more: maxBufferedBytes="
              + maxBufferedBytes
              + (writerRefused ? " refused the writer's last call" : " is reached"),
          maxBufferedBytes);
    }
  }

  /** Throws at once when {@code n} bytes can never be buffered at the same time. */
  private void checkFits(String method, long n) throws LimitExceededException {
    if (n > maxBufferedBytes) {
      throw new LimitExceededException(
          method
              + "("
              + n
              + "): the pipe holds at most maxBufferedBytes="
              + maxBufferedBytes
              + " bytes, so this read can never be satisfied",
          maxBufferedBytes);
    }
  }

  /** {@link #await} of a read that waits for {@code n} bytes, which must fit under the limit. */
  private <T> T awaitBytes(String method, long n, PipeRead<T> read, long nanos)
      throws IOException, InterruptedException {
    checkFits(method, n);
    return await(read, nanos, true);
  }

  private static long nanos(long timeout, TimeUnit unit) {
    return unit.toNanos(timeout);
  }

  @Override
  public byte[] awaitReadExact(int n) throws IOException, InterruptedException {
    return awaitBytes("awaitReadExact", n, p -> p.readExact(n), Long.MAX_VALUE);
  }

  @Override
  public byte[] awaitReadExact(int n, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    return awaitBytes("awaitReadExact", n, p -> p.readExact(n), nanos(timeout, unit));
  }

  @Override
  public byte[] awaitPeekExact(int n) throws IOException, InterruptedException {
    return awaitBytes("awaitPeekExact", n, p -> p.peekExact(n), Long.MAX_VALUE);
  }

  @Override
  public byte[] awaitPeekExact(int n, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    return awaitBytes("awaitPeekExact", n, p -> p.peekExact(n), nanos(timeout, unit));
  }

  @Override
  public void awaitSkipExact(long n) throws IOException, InterruptedException {
    awaitBytes("awaitSkipExact", n, p -> p.skipExact(n) ? Boolean.TRUE : null, Long.MAX_VALUE);
  }

  @Override
  public boolean awaitSkipExact(long n, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    return awaitBytes(
            "awaitSkipExact", n, p -> p.skipExact(n) ? Boolean.TRUE : null, nanos(timeout, unit))
        != null;
  }

  @Override
  public ByteSequence awaitReadExactZeroCopy(int n) throws IOException, InterruptedException {
    return awaitBytes("awaitReadExactZeroCopy", n, p -> p.readExactZeroCopy(n), Long.MAX_VALUE);
  }

  @Override
  public ByteSequence awaitReadExactZeroCopy(int n, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    return awaitBytes(
        "awaitReadExactZeroCopy", n, p -> p.readExactZeroCopy(n), nanos(timeout, unit));
  }

  @Override
  public ByteSequence awaitPeekExactZeroCopy(int n) throws IOException, InterruptedException {
    return awaitBytes("awaitPeekExactZeroCopy", n, p -> p.peekExactZeroCopy(n), Long.MAX_VALUE);
  }

  @Override
  public ByteSequence awaitPeekExactZeroCopy(int n, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    return awaitBytes(
        "awaitPeekExactZeroCopy", n, p -> p.peekExactZeroCopy(n), nanos(timeout, unit));
  }

  @Override
  public byte[] awaitReadUntil(byte[] separator, boolean skipSeparator, long limit)
      throws IOException, InterruptedException {
    return await(p -> p.readUntil(separator, skipSeparator, limit), Long.MAX_VALUE, true);
  }

  @Override
  public byte[] awaitReadUntil(
      byte[] separator, boolean skipSeparator, long limit, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    return await(p -> p.readUntil(separator, skipSeparator, limit), nanos(timeout, unit), true);
  }

  @Override
  public ByteSequence awaitReadUntilZeroCopy(byte[] separator, boolean skipSeparator, long limit)
      throws IOException, InterruptedException {
    return await(p -> p.readUntilZeroCopy(separator, skipSeparator, limit), Long.MAX_VALUE, true);
  }

  @Override
  public ByteSequence awaitReadUntilZeroCopy(
      byte[] separator, boolean skipSeparator, long limit, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    return await(
        p -> p.readUntilZeroCopy(separator, skipSeparator, limit), nanos(timeout, unit), true);
  }

  @Override
  public void close() {
    List<Runnable> actions;
    lock.lock();
    try {
      Thread holder = lendThread;
      if (holder == Thread.currentThread() || (holder != null && !holder.isAlive())) {
        endLend(); // nobody can fill the lent buffer any more
      }
      Thread v = viewThread;
      // A borrowed view holds no reference: while its thread may still read it, its chunks must
      // not go back to the pool under it. That thread's next call gives them back.
      boolean keep =
          queue.viewLive() && v != null && v != Thread.currentThread() && v.isAlive();
      actions = inner.closeAndTakeActions(keep);
      chunksKeptForReader |= keep;
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
    // Outside the lock: an action may take a lock of its own that the other side holds while it
    // calls this pipe (the HTTP body subscriber's monitor), or call this pipe itself.
    ChunkedPipe.runCloseActions(actions);
  }

  @Override
  public void onClose(Runnable action) {
    boolean added;
    lock.lock();
    try {
      added = inner.addCloseAction(action);
    } finally {
      lock.unlock();
    }
    if (!added) {
      action.run(); // closed already: at once, and outside the lock as on close
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "Concurrent" + inner;
    } finally {
      lock.unlock();
    }
  }
}
