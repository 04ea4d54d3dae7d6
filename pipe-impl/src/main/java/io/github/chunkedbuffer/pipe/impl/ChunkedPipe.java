package io.github.chunkedbuffer.pipe.impl;

import io.github.chunkedbuffer.pipe.BufferLimitExceededException;
import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ByteView;
import io.github.chunkedbuffer.pipe.LimitExceededException;
import io.github.chunkedbuffer.pipe.PartialReadException;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PipeRead;
import io.github.chunkedbuffer.pipe.spi.PipeOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.Reference;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The chunked {@link Pipe}: argument and state checks, the lending protocol of the write side, and
 * the read faces. Bytes live in a {@link ChunkQueue}; searching is {@link Search}'s job.
 *
 * <p>Every read is one of three shapes — up to {@code n} bytes, exactly {@code n}, up to a
 * separator — and each shape is written once, parameterised by a {@link Face} that decides whether
 * the located bytes are copied out or handed out as a {@link ChunkSequence}, and by whether they are
 * consumed (read) or not (peek).
 */
final class ChunkedPipe implements Pipe {
  /** The largest array the JVM reliably allocates. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** The most chunks one gathering write of {@link #writeTo} hands to the channel. */
  private static final int GATHER_MAX = 16;

  private final ChunkQueue queue;
  private final int minChunkSize;
  private final int maxChunkSize;

  /** The most unread bytes the pipe may hold; {@link Long#MAX_VALUE} for no limit. */
  private final long maxBufferedBytes;

  /** Debug mode's registration with the {@link LeakDetector}, or {@code null}. */
  private final LeakDetector.Tracked tracked;

  /** Set by {@link #eof} or {@link #close}; never cleared. */
  private boolean eof;

  /** The writer's failure given to {@link #eof(Throwable)}, or {@code null}. */
  private Throwable failure;

  /** Set by {@link #close}; never cleared. */
  private boolean closed;

  /**
   * Whether writer-side calls end borrowed views, as the contract says for a pipe used by one
   * thread. A concurrent pipe clears it: there the writer's calls must not end the reader's views
   * (they do not touch the bytes a view covers: see {@link ChunkQueue}).
   */
  private boolean writesEndViews = true;

  /**
   * The actions {@link #onClose} registered, in order; {@code null} while there are none and once
   * {@link #closeAndTakeActions()} has handed them out to be run.
   */
  private List<Runnable> closeActions;

  /**
   * A copy of the separator of the last {@code readUntil} that found nothing, and the stream
   * position before which no occurrence of it starts. Valid for later calls with an equal
   * separator; positions before the read position are simply ignored.
   */
  private byte[] searchedSeparator;

  private long searchedTo;

  ChunkedPipe(PipeOptions options) {
    this.queue =
        new ChunkQueue(
            options.pool(), options.minChunkSize(), options.maxChunkSize(), options.debug());
    this.maxBufferedBytes = options.maxBufferedBytes();
    ChunkQueue q = queue;
    this.tracked = options.debug() ? LeakDetector.track(this, "a Pipe", q::releaseAll) : null;
    this.minChunkSize = options.minChunkSize();
    this.maxChunkSize = options.maxChunkSize();
  }

  // ---------------------------------------------------------------- checks

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the pipe is closed");
    }
  }

  void checkWritable() {
    checkOpen();
    if (eof) {
      throw new IllegalStateException("eof() was called: the pipe takes no more writes");
    }
  }

  private static void checkCount(String method, long n) {
    if (n < -1) {
      throw new IllegalArgumentException(
          method + "(" + n + "): n must be >= 0, or -1 for everything");
    }
  }

  private static void checkExactCount(String method, long n) {
    if (n < 0) {
      throw new IllegalArgumentException(method + "(" + n + "): n must be >= 0");
    }
  }

  // ---------------------------------------------------------------- write side

  @Override
  public ByteBuffer getBuffer(int sizeHint) {
    return lend(sizeHint, maxBufferedBytes);
  }

  @Override
  public ByteBuffer getBuffer() {
    return getBuffer(-1);
  }

  /**
   * {@link #getBuffer(int)} with the chunk memory bounded by {@code bound} (at most {@code
   * maxBufferedBytes}): a concurrent pipe passes its {@code pauseAtBytes} while the writer is held
   * to it.
   *
   * @throws BufferLimitExceededException when the unread bytes or the chunk memory would go past
   *     their bounds; nothing changes, the previous loan included
   */
  ByteBuffer lend(int sizeHint, long bound) {
    checkWritable();
    checkHint(sizeHint);
    int need = Math.max(sizeHint, 1);
    checkLoan(need, bound, sizeHint);
    writing();
    // A tail sized for an earlier, larger hint lends no more than this call may.
    long room = maxBufferedBytes - queue.length();
    int most = (int) Math.min(Math.max(need, maxChunkSize), room);
    return lendChecked(need, most, bound);
  }

  /**
   * Throws what {@code getBuffer(sizeHint)} throws when a loan of {@code need} bytes does not fit
   * under the unread limit or the memory {@code bound}. Changes nothing, so a refused call leaves
   * the previous loan to be committed.
   */
  void checkLoan(int need, long bound, int sizeHint) {
    if (need > maxBufferedBytes - queue.length()) {
      throw overLimit("getBuffer(" + sizeHint + ")", need);
    }
    if (!queue.fitsLoan(need, bound)) {
      throw overMemory("getBuffer(" + sizeHint + ")", need, bound);
    }
  }

  /** Lends after {@link #checkLoan} passed, which guarantees that the chunk fits. */
  private ByteBuffer lendChecked(int need, int most, long bound) {
    ByteBuffer buffer = queue.lend(need, most, bound);
    if (buffer == null) {
      throw new IllegalStateException(
          "internal error: a loan of " + need + " bytes was checked to fit and then refused");
    }
    return buffer;
  }

  /** A writer-side call that passed its checks: on a plain pipe it ends borrowed views. */
  private void writing() {
    if (writesEndViews) {
      queue.invalidateViews();
    }
  }

  /** For the concurrent wrapper: the writer's calls leave the reader's views valid. */
  void keepViewsOnWrites() {
    writesEndViews = false;
  }

  static void checkHint(int sizeHint) {
    if (sizeHint < -1) {
      throw new IllegalArgumentException(
          "getBuffer(" + sizeHint + "): the size hint must be >= 0, or -1 for any size");
    }
  }

  @Override
  public void bufferWritten(int n) {
    checkOpen();
    if (queue.lentChunk() == null) {
      throw new IllegalStateException(
          "bufferWritten(" + n + "): nothing is lent; call getBuffer(...) first");
    }
    int lent = queue.lentLength();
    if (n < 0 || n > lent) {
      throw new IllegalArgumentException(
          "bufferWritten("
              + n
              + "): must be in [0, "
              + lent
              + "], the bytes lent by the last getBuffer(...)");
    }
    writing();
    queue.commit(n);
  }

  @Override
  public void write(byte[] src) {
    write(src, 0, src.length);
  }

  @Override
  public void write(byte[] src, int offset, int length) {
    checkWritable();
    Objects.checkFromIndexSize(offset, length, src.length);
    write(src, offset, length, maxBufferedBytes);
  }

  /**
   * {@link #write(byte[], int, int)} of a checked range, with the chunk memory bounded by {@code
   * bound}, as for {@link #lend}.
   */
  void write(byte[] src, int offset, int length, long bound) {
    checkWritable();
    checkRoom(length, bound);
    writing();
    queue.write(src, offset, length, bound);
  }

  @Override
  public void write(ByteBuffer src) {
    write(src, maxBufferedBytes);
  }

  /**
   * {@link #write(ByteBuffer)} with the chunk memory bounded by {@code bound}, as for {@link
   * #lend}.
   */
  void write(ByteBuffer src, long bound) {
    checkWritable();
    checkRoom(src.remaining(), bound);
    writing();
    queue.write(src, bound);
  }

  // ---------------------------------------------------------------- write side, typed and text

  @Override
  public void writeByte(int value) {
    writeValue("writeByte", value, Byte.BYTES, maxBufferedBytes);
  }

  @Override
  public void writeShort(int value) {
    writeValue("writeShort", value, Short.BYTES, maxBufferedBytes);
  }

  @Override
  public void writeInt(int value) {
    writeValue("writeInt", value, Integer.BYTES, maxBufferedBytes);
  }

  @Override
  public void writeLong(long value) {
    writeValue("writeLong", value, Long.BYTES, maxBufferedBytes);
  }

  /**
   * Appends the low {@code size} bytes of {@code value} big-endian, with the chunk memory bounded
   * by {@code bound} as for {@link #lend}; nothing is written when they do not fit.
   */
  void writeValue(String method, long value, int size, long bound) {
    checkWritable();
    if (!fits(size, bound)) {
      throw refusal(method + "(...)", size, bound);
    }
    writing();
    queue.writeValue(value, size, bound);
  }

  @Override
  public void write(CharSequence text, Charset charset) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(charset, "charset");
    checkWritable();
    if (!charset.equals(StandardCharsets.UTF_8)) {
      byte[] bytes = text.toString().getBytes(charset);
      write(bytes, 0, bytes.length, maxBufferedBytes);
      return;
    }
    long n = ChunkBytes.utf8Length(text);
    if (!fits(n, maxBufferedBytes)) {
      throw refusal(
          "write(" + text.length() + " chars, UTF-8: " + n + " bytes)", n, maxBufferedBytes);
    }
    // Like every write, one of nothing too ends a loan and the views (as write(new byte[0]) does).
    writing();
    if (n > 0) {
      queue.writeUtf8(text, maxBufferedBytes);
    } else {
      queue.endLoan();
    }
  }

  @Override
  public void write(ByteView bytes) {
    write(bytes, maxBufferedBytes);
  }

  /** {@link #write(ByteView)} with the chunk memory bounded by {@code bound}, as for {@link #lend}. */
  void write(ByteView bytes, long bound) {
    Objects.requireNonNull(bytes, "bytes");
    checkWritable();
    if (!(bytes instanceof ChunkRange range) || bytes instanceof PipeView) {
      // A foreign implementation, or a borrowed view, which may be one of this pipe's own: the
      // write ends those, and may give back the chunks it covers, so copy first.
      byte[] copy = bytes.toByteArray();
      write(copy, 0, copy.length, bound);
      return;
    }
    long n = range.length(); // checks that the sequence is open
    if (!fits(n, bound)) {
      throw refusal("write(ByteView of " + n + " bytes)", n, bound);
    }
    writing();
    if (n > 0) {
      queue.write(range.first, range.firstOffset, n, bound);
    } else {
      queue.endLoan(); // like every write, one of nothing too ends a loan
    }
  }

  @Override
  public int readFrom(ReadableByteChannel channel) throws IOException {
    ByteBuffer buffer = lendForRead(channel, maxBufferedBytes);
    int n;
    try {
      n = channel.read(buffer);
    } catch (Throwable t) {
      queue.endLoan();
      throw t;
    }
    return commitRead(n);
  }

  /**
   * The first half of {@code readFrom}: checks, and a loan sized for a channel read under {@code
   * bound} (the tail's room when it is worth a call, else a chunk; the least that fits when memory
   * is short).
   *
   * @throws LimitExceededException when the pipe holds its limit already; nothing is lent
   */
  ByteBuffer lendForRead(ReadableByteChannel channel, long bound) throws LimitExceededException {
    Objects.requireNonNull(channel, "channel");
    checkWritable();
    long unread = queue.length();
    if (unread >= maxBufferedBytes) {
      throw new LimitExceededException(
          "readFrom: the pipe holds "
              + unread
              + " unread bytes, its limit maxBufferedBytes="
              + maxBufferedBytes
              + "; read some first",
          maxBufferedBytes);
    }
    long room = maxBufferedBytes - unread;
    int hint =
        queue.tailRoom() >= (minChunkSize + 1) / 2 || room < minChunkSize ? 1 : minChunkSize;
    int most = (int) Math.min(maxChunkSize, room);
    if (hint > 1 && !queue.fitsLoan(hint, bound)) {
      hint = 1; // memory is short: the least that fits
    }
    if (!queue.fitsLoan(hint, bound)) {
      throw new LimitExceededException(overMemory("readFrom", 1, bound).getMessage(), bound);
    }
    writing();
    return lendChecked(hint, Math.max(hint, most), bound);
  }

  /** The second half of {@code readFrom}: commits {@code n} read bytes, or EOF when negative. */
  int commitRead(int n) {
    if (n < 0) {
      eof();
      return -1;
    }
    bufferWritten(n);
    return n;
  }

  /**
   * Throws what a write of {@code length} bytes throws when they do not fit: past the unread limit,
   * or past the chunk memory {@code bound} allows. Package-private for the concurrent wrapper,
   * which writes in pieces and must refuse the whole write before it commits the first piece.
   */
  void checkRoom(long length, long bound) {
    if (!fits(length, bound)) {
      throw refusal("write(" + length + " bytes)", length, bound);
    }
  }

  /** Whether a write of {@code length} bytes fits under the unread limit and {@code bound}. */
  private boolean fits(long length, long bound) {
    return length <= maxBufferedBytes - queue.length() && queue.fitsWrite(length, bound);
  }

  /** What a write of {@code length} bytes that does not {@link #fits fit} throws, as {@code what}. */
  private BufferLimitExceededException refusal(String what, long length, long bound) {
    return length > maxBufferedBytes - queue.length()
        ? overLimit(what, length)
        : overMemory(what, length, bound);
  }

  private BufferLimitExceededException overLimit(String what, long asked) {
    long unread = queue.length();
    return new BufferLimitExceededException(
        what
            + ": "
            + unread
            + " bytes are unread and maxBufferedBytes is "
            + maxBufferedBytes
            + ", so at most "
            + (maxBufferedBytes - unread)
            + " more fit, not "
            + asked,
        maxBufferedBytes);
  }

  private BufferLimitExceededException overMemory(String what, long asked, long bound) {
    return new BufferLimitExceededException(
        what
            + ": the pipe's chunks hold "
            + queue.heldBytes()
            + " bytes for "
            + queue.length()
            + " unread bytes, and "
            + asked
            + " more would take them past "
            + bound
            + " + maxChunkSize "
            + maxChunkSize
            + " (free room that getBuffer calls asked for and did not fill counts until it is"
            + " read past); read first, or ask for no more room than you fill",
        bound);
  }

  /** The chunk lent by the last {@link #getBuffer}, or {@code null}. */
  Chunk lentChunk() {
    return queue.lentChunk();
  }

  /** Ends the current loan without committing, as a failed channel read does. */
  void abandonLend() {
    queue.endLoan();
  }

  /** Unread bytes, without the open check: for a concurrent wrapper's bookkeeping. */
  long unread() {
    return queue.length();
  }

  /** Whether {@link #close()} was called (not only {@code eof}). */
  boolean closedForGood() {
    return closed;
  }

  /** For the output stream's {@code close()}: EOF unless the pipe is closed or at EOF already. */
  void endWriting() {
    if (!eof) {
      eof();
    }
  }

  /** The queue, for a concurrent wrapper's bookkeeping of memory. */
  ChunkQueue queue() {
    return queue;
  }

  @Override
  public void eof() {
    checkOpen();
    queue.endLoan();
    eof = true;
  }

  @Override
  public void eof(Throwable cause) {
    Objects.requireNonNull(cause, "cause");
    checkOpen();
    queue.endLoan();
    if (!eof) {
      eof = true;
      failure = cause;
    }
  }

  // ---------------------------------------------------------------- read faces

  /** What a read hands out for the bytes it located. */
  interface Face<T> {
    /** What a read of nothing hands out. */
    T empty();

    /** Hands out the first {@code n} unread bytes, which are buffered. */
    T front(ChunkQueue queue, int n);

    /** Whether what it hands out borrows the chunks: consumed ones are kept until views end. */
    boolean borrows();
  }

  private static final Face<byte[]> COPY =
      new Face<>() {
        @Override
        public byte[] empty() {
          return new byte[0];
        }

        @Override
        public byte[] front(ChunkQueue queue, int n) {
          return queue.copyFront(n);
        }

        @Override
        public boolean borrows() {
          return false;
        }
      };

  private static final Face<ByteSequence> VIEW =
      new Face<>() {
        @Override
        public ByteSequence empty() {
          return ChunkSequence.empty();
        }

        @Override
        public ByteSequence front(ChunkQueue queue, int n) {
          return queue.viewFront(n);
        }

        @Override
        public boolean borrows() {
          return false;
        }
      };

  /**
   * Hands out the first {@code n} unread bytes; consumes them too when {@code consume}, which
   * first ends the borrowed views of earlier reads. {@code total >= n} bytes are consumed (a
   * separator left out of the result is consumed with it).
   */
  private <T> T take(Face<T> face, int n, long total, boolean consume) {
    if (consume) {
      queue.invalidateViews();
    }
    T result = face.front(queue, n);
    if (consume) {
      queue.discard(total, face.borrows());
    }
    return result;
  }

  private <T> T take(Face<T> face, int n, boolean consume) {
    return take(face, n, n, consume);
  }

  /** Consumes {@code n <= length()} bytes that nobody is handed, ending borrowed views first. */
  private void consume(long n) {
    queue.invalidateViews();
    queue.discard(n, false);
  }

  /** Up to {@code n} bytes, {@code -1} for everything. */
  private <T> T upTo(String method, int n, boolean consume, Face<T> face) throws IOException {
    checkOpen();
    checkCount(method, n);
    if (n == 0) {
      return face.empty();
    }
    long length = queue.length();
    if (length == 0) {
      if (!eof) {
        return null;
      }
      if (failure != null) {
        throw failed(method + "(" + n + ")");
      }
      return face.empty();
    }
    int k = (int) Math.min(n == -1 ? MAX_ARRAY : n, Math.min(length, MAX_ARRAY));
    return take(face, k, consume);
  }

  /** Exactly {@code n} bytes. */
  private <T> T exact(String method, int n, boolean consume, Face<T> face) throws IOException {
    checkOpen();
    checkExactCount(method, n);
    if (n == 0) {
      return face.empty();
    }
    if (queue.length() >= n) {
      return take(face, n, consume);
    }
    if (!eof) {
      return null;
    }
    throw partial(method + "(" + n + ")", consume);
  }

  /** Up to and including the first separator ending within {@code limit} bytes. */
  private <T> T until(byte[] separator, boolean skipSeparator, long limit, Face<T> face)
      throws IOException {
    checkOpen();
    if (separator.length == 0) {
      throw new IllegalArgumentException("readUntil: the separator must not be empty");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("readUntil: limit " + limit + " must be >= 1");
    }
    long length = queue.length();
    long searchEnd = queue.readPosition() + Math.min(length, limit);
    long at = findSeparator(separator, searchEnd);
    if (at >= 0) {
      long before = at - queue.readPosition();
      long total = before + separator.length;
      if (total > MAX_ARRAY) {
        throw new LimitExceededException(
            "readUntil: the separator ends " + total + " bytes in, more than an array holds",
            MAX_ARRAY);
      }
      // The separator is consumed either way.
      return take(face, (int) (skipSeparator ? before : total), total, true);
    }
    if (length >= limit) {
      throw new LimitExceededException(
          "readUntil: no separator ends within the first " + limit + " bytes", limit);
    }
    if (!eof) {
      return null;
    }
    throw partial("readUntil", true);
  }

  /**
   * Finds {@code separator} between the read position and {@code end}, resuming where the last
   * unsuccessful search for an equal separator stopped.
   */
  private long findSeparator(byte[] separator, long end) {
    long from = queue.readPosition();
    // Only a failed search leaves knowledge ahead of the read position; a message that is found
    // at once (the common case) costs no comparison of separators and no copy.
    if (searchedTo > from && Arrays.equals(searchedSeparator, separator)) {
      from = searchedTo;
    }
    long at = Search.indexOf(queue, separator, from, end);
    if (at < 0) {
      long to = Math.max(from, end - separator.length + 1);
      if (to > queue.readPosition()) {
        if (!Arrays.equals(searchedSeparator, separator)) {
          // What was learnt about another separator says nothing about this one.
          searchedSeparator = separator.clone();
        }
        searchedTo = to;
      }
    }
    return at;
  }

  private IOException failed(String what) {
    return new IOException(what + ": the writer failed: " + failure, failure);
  }

  /** Builds the exception for a read that EOF cut short, consuming the rest if it is a read. */
  private IOException partial(String what, boolean consume) {
    long length = queue.length();
    if (length == 0 && failure != null) {
      return failed(what);
    }
    int k = (int) Math.min(length, MAX_ARRAY);
    byte[] leftover = take(COPY, k, consume);
    return new PartialReadException(
        what + ": only " + length + " bytes were left before EOF", leftover, failure);
  }

  // ---------------------------------------------------------------- read side, copying

  @Override
  public byte[] read(int n) throws IOException {
    return upTo("read", n, true, COPY);
  }

  @Override
  public byte[] read() throws IOException {
    return read(-1);
  }

  @Override
  public byte[] readExact(int n) throws IOException {
    return exact("readExact", n, true, COPY);
  }

  @Override
  public byte[] readUntil(byte[] separator) throws IOException {
    return readUntil(separator, false);
  }

  @Override
  public byte[] readUntil(byte[] separator, boolean skipSeparator) throws IOException {
    return until(separator, skipSeparator, Long.MAX_VALUE, COPY);
  }

  @Override
  public byte[] readUntil(byte[] separator, boolean skipSeparator, long limit)
      throws IOException {
    return until(separator, skipSeparator, limit, COPY);
  }

  @Override
  public byte[] peek(int n) throws IOException {
    return upTo("peek", n, false, COPY);
  }

  @Override
  public byte[] peek() throws IOException {
    return peek(-1);
  }

  @Override
  public byte[] peekExact(int n) throws IOException {
    return exact("peekExact", n, false, COPY);
  }

  @Override
  public long skip(long n) throws IOException {
    checkOpen();
    checkCount("skip", n);
    long length = queue.length();
    if (n == 0) {
      return 0;
    }
    if (length == 0 && eof && failure != null) {
      throw failed("skip(" + n + ")");
    }
    long k = n == -1 ? length : Math.min(n, length);
    consume(k);
    return k;
  }

  @Override
  public long skip() throws IOException {
    return skip(-1);
  }

  @Override
  public boolean skipExact(long n) throws IOException {
    checkOpen();
    checkExactCount("skipExact", n);
    if (queue.length() >= n) {
      consume(n);
      return true;
    }
    if (!eof) {
      return false;
    }
    throw partial("skipExact(" + n + ")", true);
  }

  // ---------------------------------------------------------------- read side, zero-copy

  @Override
  public ByteSequence readZeroCopy(int n) throws IOException {
    return upTo("readZeroCopy", n, true, VIEW);
  }

  @Override
  public ByteSequence readExactZeroCopy(int n) throws IOException {
    return exact("readExactZeroCopy", n, true, VIEW);
  }

  @Override
  public ByteSequence readUntilZeroCopy(byte[] separator, boolean skipSeparator)
      throws IOException {
    return until(separator, skipSeparator, Long.MAX_VALUE, VIEW);
  }

  @Override
  public ByteSequence readUntilZeroCopy(byte[] separator, boolean skipSeparator, long limit)
      throws IOException {
    return until(separator, skipSeparator, limit, VIEW);
  }

  @Override
  public ByteSequence peekZeroCopy(int n) throws IOException {
    return upTo("peekZeroCopy", n, false, VIEW);
  }

  @Override
  public ByteSequence peekExactZeroCopy(int n) throws IOException {
    return exact("peekExactZeroCopy", n, false, VIEW);
  }

  // ---------------------------------------------------------------- read side, borrowed views

  @Override
  public ByteView newView() {
    checkOpen();
    return new PipeView(queue);
  }

  @Override
  public boolean readExact(int n, ByteView into) throws IOException {
    return exact("readExact", n, true, borrowed(into)) != null;
  }

  @Override
  public boolean readUntil(byte[] separator, boolean skipSeparator, long limit, ByteView into)
      throws IOException {
    return until(separator, skipSeparator, limit, borrowed(into)) != null;
  }

  @Override
  public boolean peekExact(int n, ByteView into) throws IOException {
    return exact("peekExact", n, false, borrowed(into)) != null;
  }

  private PipeView borrowed(ByteView into) {
    if (into instanceof PipeView view && view.belongsTo(queue)) {
      return view;
    }
    throw new IllegalArgumentException(
        Objects.requireNonNull(into, "into") instanceof PipeView
            ? "the view was made by another pipe; use this pipe's newView()"
            : "a view-taking read needs a view from this pipe's newView(), not a "
                + into.getClass().getName());
  }

  // ---------------------------------------------------------------- typed reads, numbers, text

  @Override
  public byte readByte() throws IOException {
    return (byte) readValue("readByte", Byte.BYTES);
  }

  @Override
  public short readShort() throws IOException {
    return (short) readValue("readShort", Short.BYTES);
  }

  @Override
  public int readInt() throws IOException {
    return (int) readValue("readInt", Integer.BYTES);
  }

  @Override
  public long readLong() throws IOException {
    return readValue("readLong", Long.BYTES);
  }

  /**
   * Reads and consumes the big-endian {@code size}-byte value (1, 2, 4 or 8) at the read position,
   * sign-extended. A value inside the head chunk is one bounds check and one access; the rest goes
   * to {@link #readValueSlow}.
   */
  private long readValue(String method, int size) throws IOException {
    checkOpen();
    Chunk head = queue.head();
    if (head != null) {
      int at = head.readIndex;
      if (head.writeIndex - at >= size) {
        long value = head.getValue(at, size);
        queue.invalidateViews();
        queue.discardFromHead(size);
        return value;
      }
    }
    return readValueSlow(method, size);
  }

  /** A value that straddles chunks, or too few bytes. */
  private long readValueSlow(String method, int size) throws IOException {
    long length = queue.length();
    if (length >= size) {
      Chunk head = queue.head();
      long value = ChunkBytes.get(head, head.readIndex, size, false);
      consume(size);
      return value;
    }
    if (!eof) {
      throw new Underflow(
          method
              + ": needs "
              + size
              + " bytes, "
              + length
              + " are buffered; nothing was consumed (check length() first, or wait with"
              + " awaitAtLeast on a concurrent pipe)");
    }
    throw partial(method, true);
  }

  /**
   * The {@link BufferUnderflowException} of a typed read, with a message: the JDK's has none, and
   * a parser's author deserves to see how many bytes were missing.
   */
  static final class Underflow extends BufferUnderflowException {
    private static final long serialVersionUID = 1L;

    /** The message; kept in a field of its own, as the superclass takes none. */
    private final String message;

    Underflow(String message) {
      this.message = message;
    }

    @Override
    public String getMessage() {
      return message;
    }
  }

  @Override
  public short shortAt(long index) {
    return (short) valueAt("shortAt", index, Short.BYTES);
  }

  @Override
  public int intAt(long index) {
    return (int) valueAt("intAt", index, Integer.BYTES);
  }

  @Override
  public long longAt(long index) {
    return valueAt("longAt", index, Long.BYTES);
  }

  /** The big-endian {@code size}-byte value at unread index {@code index}, consuming nothing. */
  private long valueAt(String method, long index, int size) {
    checkOpen();
    Chunk head = queue.head();
    if (head != null && index >= 0 && index <= head.readable() - size) {
      return head.getValue(head.readIndex + (int) index, size);
    }
    ChunkRange.checkIndex(method, index, size, queue.length());
    // Past the head: from the chunk found last, so a parser walking forward pays O(1) per value.
    long position = queue.readPosition() + index;
    Chunk c = queue.locate(position);
    return ChunkBytes.get(c, position - c.start, size, false);
  }

  @Override
  public long parseLong(long start, long end, int radix) {
    checkOpen();
    ChunkRange.checkRange("parseLong", start, end, queue.length());
    Chunk head = queue.head();
    if (head == null) { // nothing buffered: [0, 0), which is not a number
      throw new NumberFormatException(
          ChunkRange.parseCall(start, end, radix) + ": the range is empty, which is not a number");
    }
    return ChunkBytes.parseLong(head, head.readIndex + start, end - start, radix, start);
  }

  @Override
  public String readLine(long limit) throws IOException {
    return until(LF, true, limit, LINE);
  }

  private static final byte[] LF = {'\n'};

  /** Decodes a line as UTF-8, leaving out a CR at its end. */
  private static final Face<String> LINE =
      new Face<>() {
        @Override
        public String empty() {
          return "";
        }

        @Override
        public String front(ChunkQueue queue, int n) {
          int k = n;
          if (k > 0) {
            Chunk last = queue.locate(queue.readPosition() + k - 1);
            if (last.get((int) (queue.readPosition() + k - 1 - last.start)) == '\r') {
              k--;
            }
          }
          Chunk head = queue.head();
          return k == 0 ? "" : ChunkBytes.decode(head, head.readIndex, k, StandardCharsets.UTF_8);
        }

        @Override
        public boolean borrows() {
          return false;
        }
      };

  @Override
  public String readString(int n, Charset charset) throws IOException {
    Objects.requireNonNull(charset, "charset");
    checkOpen();
    checkExactCount("readString", n);
    if (n == 0) {
      return "";
    }
    if (queue.length() >= n) {
      queue.invalidateViews();
      Chunk head = queue.head();
      String text = ChunkBytes.decode(head, head.readIndex, n, charset);
      queue.discard(n, false);
      return text;
    }
    if (!eof) {
      return null;
    }
    throw partial("readString(" + n + ")", true);
  }

  @Override
  public long awaitAtLeast(long n) throws LimitExceededException {
    checkOpen();
    checkExactCount("awaitAtLeast", n);
    if (n > maxBufferedBytes) {
      throw new LimitExceededException(
          "awaitAtLeast("
              + n
              + "): the pipe holds at most maxBufferedBytes="
              + maxBufferedBytes
              + " bytes, so this read can never be satisfied",
          maxBufferedBytes);
    }
    long length = queue.length();
    if (length >= n || eof) {
      return length;
    }
    throw new IllegalStateException(
        "awaitAtLeast("
            + n
            + "): "
            + length
            + " bytes are buffered and nothing can arrive while this thread waits: the pipe is not"
            + " concurrent");
  }

  @Override
  public long awaitAtLeast(long n, long timeout, TimeUnit unit) throws LimitExceededException {
    return awaitAtLeast(n);
  }

  // ---------------------------------------------------------------- search and inspection

  /** Checks a search range and returns its end clamped to the unread bytes. */
  private long clampEnd(long start, long end) {
    checkOpen();
    if (start < 0) {
      throw new IllegalArgumentException("start " + start + " must be >= 0");
    }
    return Math.min(end, queue.length());
  }

  @Override
  public long findByte(byte b, long start, long end) {
    long to = clampEnd(start, end);
    if (to <= start) {
      return -1;
    }
    long base = queue.readPosition();
    long at = Search.indexOf(queue, b, base + start, base + to);
    return at < 0 ? -1 : at - base;
  }

  @Override
  public long findByte(byte b) {
    return findByte(b, 0, Long.MAX_VALUE);
  }

  @Override
  public long find(byte[] s, long start, long end) {
    long to = clampEnd(start, end);
    if (s.length == 0) {
      return start <= to ? start : -1;
    }
    if (to <= start) {
      return -1;
    }
    long base = queue.readPosition();
    long at = Search.indexOf(queue, s, base + start, base + to);
    return at < 0 ? -1 : at - base;
  }

  @Override
  public long find(byte[] s) {
    return find(s, 0, Long.MAX_VALUE);
  }

  @Override
  public byte byteAt(long index) {
    checkOpen();
    Chunk head = queue.head();
    if (index >= 0 && head != null && index < head.readable()) {
      return head.get(head.readIndex + (int) index); // a parser's header is mostly in the head
    }
    return byteAtSlow(index);
  }

  private byte byteAtSlow(long index) {
    long length = queue.length();
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(
          "byteAt(" + index + "): index must be in [0, " + length + ")");
    }
    long position = queue.readPosition() + index;
    Chunk c = queue.locate(position);
    return c.get((int) (position - c.start));
  }

  @Override
  public long length() {
    checkOpen();
    return queue.length();
  }

  @Override
  public boolean isClosed() {
    return eof;
  }

  @Override
  public boolean reachedEof() {
    checkOpen();
    return eof && queue.length() == 0;
  }

  @Override
  public void close() {
    runCloseActions(closeAndTakeActions());
  }

  /**
   * Closes the pipe and returns the {@link #onClose} actions for the caller to run, or {@code null}
   * when there are none or the pipe was closed already. The concurrent pipe runs them once it has
   * released its lock.
   */
  List<Runnable> closeAndTakeActions() {
    return closeAndTakeActions(false);
  }

  /**
   * {@link #closeAndTakeActions()}, but with {@code keepChunks} the chunks stay until {@link
   * #releaseChunks()}: a concurrent pipe closed by another thread while its reader may still read
   * a borrowed view keeps them for the reader.
   */
  List<Runnable> closeAndTakeActions(boolean keepChunks) {
    if (closed) {
      return null;
    }
    closed = true;
    eof = true;
    searchedSeparator = null;
    if (!keepChunks) {
      releaseChunks();
    }
    List<Runnable> actions = closeActions;
    closeActions = null;
    return actions;
  }

  /** Gives every chunk back, through the leak detector in debug mode. */
  void releaseChunks() {
    if (tracked != null) {
      try {
        tracked.close();
      } finally {
        // Until the release has run, this pipe must count as reachable: otherwise a collection
        // in between may run the leak report for a pipe that is being closed properly.
        Reference.reachabilityFence(this);
      }
    } else {
      queue.releaseAll();
    }
  }

  @Override
  public void onClose(Runnable action) {
    if (!addCloseAction(action)) {
      action.run();
    }
  }

  /**
   * Registers {@code action} for {@link #close()}, unless the pipe is closed already: then it
   * returns {@code false} and the caller runs the action (outside any lock).
   */
  boolean addCloseAction(Runnable action) {
    Objects.requireNonNull(action, "action");
    if (closed) {
      return false;
    }
    if (closeActions == null) {
      closeActions = new ArrayList<>(2);
    }
    closeActions.add(action);
    return true;
  }

  /**
   * Runs {@code actions} (may be null) in order; when some throw, the others still run and the
   * first exception is rethrown with the later ones suppressed.
   */
  static void runCloseActions(List<Runnable> actions) {
    if (actions == null) {
      return;
    }
    Throwable first = null;
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException | Error e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first instanceof RuntimeException) {
      throw (RuntimeException) first;
    }
    if (first != null) {
      throw (Error) first;
    }
  }

  // ---------------------------------------------------------------- streams, channels, waiting

  /**
   * Copies up to {@code length} unread bytes into {@code dst} and consumes them.
   *
   * @return how many (at least 1), -1 at a clean EOF, or {@code null} when the pipe is empty and
   *     more may arrive
   * @throws IOException the writer's failure once the pipe is empty
   */
  Integer readInto(byte[] dst, int offset, int length) throws IOException {
    checkOpen();
    long unread = queue.length();
    if (unread == 0) {
      if (!eof) {
        return null;
      }
      if (failure != null) {
        throw failed("read");
      }
      return -1;
    }
    int k = (int) Math.min(length, unread);
    queue.copyFront(dst, offset, k);
    consume(k);
    return k;
  }

  @Override
  public InputStream asInputStream() {
    checkOpen();
    return new PipeInputStream(this);
  }

  @Override
  public OutputStream asOutputStream() {
    checkOpen();
    return new PipeOutputStream(this, this::endWriting);
  }

  @Override
  public long writeTo(WritableByteChannel channel) throws IOException {
    checkOpen();
    Objects.requireNonNull(channel, "channel");
    boolean gathering = channel instanceof GatheringByteChannel;
    long total = 0;
    while (queue.length() > 0) {
      ByteBuffer[] buffers = queue.frontBuffers(gathering ? GATHER_MAX : 1);
      long n;
      try {
        n = gathering ? ((GatheringByteChannel) channel).write(buffers) : channel.write(buffers[0]);
      } catch (IOException | RuntimeException e) {
        // What the channel took before it failed is gone from the buffers: consume it too.
        consume(taken(buffers));
        throw e;
      }
      if (n <= 0) {
        break;
      }
      consume(n);
      total += n;
    }
    return total;
  }

  /** How far a channel moved the buffers from {@link ChunkQueue#frontBuffers}, which start at 0. */
  private static long taken(ByteBuffer[] buffers) {
    long sum = 0;
    for (ByteBuffer b : buffers) {
      sum += b.position();
    }
    return sum;
  }

  @Override
  public boolean isConcurrent() {
    return false;
  }

  @Override
  public ByteBuffer tryGetBuffer(int sizeHint) {
    return getBuffer(sizeHint);
  }

  @Override
  public <T> T await(PipeRead<T> read) throws IOException {
    checkOpen();
    T result = read.read(this);
    if (result == null) {
      throw new IllegalStateException(
          "await: not enough bytes are buffered, and this pipe is not concurrent, so none can arrive"
              + " while this thread waits; build it with Pipe.builder().concurrent(...)");
    }
    return result;
  }

  @Override
  public <T> T await(PipeRead<T> read, long timeout, TimeUnit unit) throws IOException {
    return await(read);
  }

  @Override
  public String toString() {
    String state = closed ? "closed" : eof ? "eof" : null;
    if (failure != null) {
      state = state + ", failed: " + failure;
    }
    Chunk head = queue.head();
    return ChunkBytes.describe(
        "Pipe", head, head == null ? 0 : head.readIndex, queue.length(), state);
  }
}
