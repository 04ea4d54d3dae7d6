package io.github.chunkedbuffer.pipe.impl;

import io.github.chunkedbuffer.pipe.ChunkPool;
import java.nio.ByteBuffer;

/**
 * The pipe's chunks in stream order, the loan of free space to a writer, and the bookkeeping that
 * maps stream positions to chunks, sizes new chunks and bounds the memory they hold. Not
 * thread-safe: owned by one pipe.
 *
 * <p>Positions are stream positions: the number of bytes the pipe had received before a byte. The
 * unread bytes are {@code [readPosition(), writePosition())}. Chunks are linked from {@link #head} to
 * {@link #tail}, contiguous in the stream; only the head is partly consumed, and only the tail has
 * free room that writes may use.
 *
 * <h2>Chunk sizes</h2>
 *
 * <p>A new chunk gets {@link #nextChunkSize} bytes, which doubles (up to the maximum) each time
 * writes fill the tail while at least a chunk's worth is unread, and halves (down to the minimum)
 * each time the pipe is drained before its tail was half full. A larger {@code getBuffer} hint
 * gets one chunk of the hint's size.
 *
 * <h2>Memory</h2>
 *
 * <p>{@link #held} counts the bytes of every chunk in the list. A pipe with a bound {@code b} (its
 * {@code maxBufferedBytes}, or a concurrent pipe's {@code pauseAtBytes}) takes a new chunk only
 * while the chunks then hold at most {@code b + max(maxChunkSize, need)}; bytes are counted as the
 * pipe sized its chunks, which is what a pool that lends exactly or in powers of two holds too.
 * Unread bytes are not the only thing that costs memory: a writer that asks {@code getBuffer} for
 * more room than the tail has gets a new chunk, and the tail's free room is lost until it is
 * consumed. A peer that trickles one byte per such loan would otherwise make the pipe hold a chunk
 * per byte. Two things keep that in check: the bound above, which holds whatever the writer does,
 * and moving a short tail. When the tail is needed for no view, holds fewer unread bytes than it has
 * free room, and a loan needs more room than it has, its unread bytes are copied into the new chunk
 * and the old chunk is given back; the copy costs less than the room it saves. When the loan needs more
 * than a chunk can hold beside those bytes (a writer asking for a whole chunk each time), they are
 * copied back into the room the chunk before the tail lost instead, if they fit there, and the tail
 * is given back: a writer that trickles one byte per whole-chunk loan fills one chunk behind the tail
 * rather than holding a chunk per byte.
 *
 * <p>A pipe that holds nothing unread and lends nothing holds no chunk: the drained tail goes back
 * to the pool as soon as that happens, so an idle connection costs no chunk memory.
 *
 * <h2>Borrowed views</h2>
 *
 * <p>A view borrowed from the pipe ({@link PipeView}) holds no reference: it is valid while {@link
 * #epoch} is what it was when the view was pointed, and the queue keeps the bytes it covers intact
 * until then. Every call that consumes, and on a plain pipe every call that writes or lends, first
 * calls {@link #invalidateViews()}, which moves the epoch on. Until then, chunks that a view-taking
 * read consumed are kept ({@link #kept}) rather than given back, and while a view may be in use
 * ({@link #viewLive}) no chunk it may cover is moved, rewound or given back by the writer of a
 * concurrent pipe, whose calls do not end the reader's views.
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

  /** The chunk linked to {@link #tail}, or {@code null} when the tail is the head. */
  private Chunk beforeTail;

  /** Stream position of the next unread byte. */
  private long readPosition;

  /** Unread bytes: {@code writePosition() - readPosition()}. */
  private long length;

  /** Bytes of all chunks in the list: the sum of their {@link Chunk#capacity}. */
  private long held;

  /** The chunk {@link #locate} found last, or {@code null}; always a chunk of this queue. */
  private Chunk cursor;

  /** The tail while its free room is lent to a writer, else {@code null}. */
  private Chunk lent;

  /** How many bytes the current loan covers, from the lent chunk's {@code writeIndex}. */
  private int lentLength;

  /**
   * Moved on by {@link #invalidateViews()}; a borrowed view is valid while it holds the value it
   * was pointed at. Written by the pipe's (reader's) thread only; a borrowed view reads it on the
   * same thread.
   */
  private long epoch;

  /**
   * The first of the chunks a view-taking read consumed and kept for the view, linked up to (not
   * including) {@link #head}; {@code null} when none is kept. Given back by the next {@link
   * #invalidateViews()}.
   */
  private Chunk kept;

  /** Whether a borrowed view may be in use: set when one is pointed, cleared when views end. */
  private boolean viewLive;

  /** Whether the queue went idle while a view was live, so its chunks go back when views end. */
  private boolean settleLater;

  /**
   * The last chunk this queue freed (its buffer went back to the pool and nobody refers to it), to
   * be {@linkplain Chunk#reuse reused} if the pool lends the same buffer again; or {@code null}.
   */
  private Chunk spare;

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

  /** Bytes of chunk memory in the list, free room and consumed bytes included. */
  long heldBytes() {
    return held;
  }

  // ---------------------------------------------------------------- borrowed views

  /** The current epoch: a view pointed now is valid until it moves on. */
  long epoch() {
    return epoch;
  }

  /** Whether a borrowed view may be in use. */
  boolean viewLive() {
    return viewLive;
  }

  /** Records that a borrowed view was pointed at bytes of this queue. */
  void viewPointed() {
    viewLive = true;
  }

  /**
   * Ends every borrowed view: moves the epoch on and gives back what was kept for them. Called
   * first by every call that consumes (and, on a plain pipe, writes or lends).
   */
  void invalidateViews() {
    // Only a view pointed since the last call can be valid: every pointing sets viewLive. A typed
    // read or a write with no view about then costs one load here, not a store.
    if (viewLive) {
      epoch++;
      viewsEnded();
    }
  }

  private void viewsEnded() {
    viewLive = false;
    Chunk c = kept;
    kept = null;
    while (c != null && c != head) {
      Chunk next = c.next;
      release(c);
      c = next;
    }
    if (settleLater) {
      settleLater = false;
      settleIfIdle();
    }
  }

  // ---------------------------------------------------------------- lending and writing

  /** Free room in the tail, 0 when there is no tail. */
  int tailRoom() {
    return tail == null ? 0 : tail.writable();
  }

  /** The chunk whose free room is lent, or {@code null}. */
  Chunk lentChunk() {
    return lent;
  }

  /** The number of bytes the current loan covers; meaningful while {@link #lentChunk} is set. */
  int lentLength() {
    return lentLength;
  }

  /**
   * Lends free room: at least {@code need} bytes and at most {@code max >= need}, appending a chunk
   * when the tail has less than {@code need}. Returns {@code null} when the chunk this needs would
   * make the list hold more than {@code bound} allows (see {@link #fitsLoan}). A previous loan is
   * over either way.
   */
  ByteBuffer lend(int need, int max, long bound) {
    lent = null; // not endLoan(): giving an idle tail back only to take a chunk again is waste
    Chunk c = null;
    try {
      c = tailWithRoom(need, bound);
    } finally {
      if (c == null) {
        settleIfIdle(); // refused, or the pool failed: an idle queue still holds nothing
      }
    }
    if (c == null) {
      return null;
    }
    int n = Math.min(c.writable(), max);
    lent = c;
    lentLength = n;
    return c.lend(n);
  }

  /** Commits {@code n <= lentLength()} bytes of the current loan and ends it. */
  void commit(int n) {
    lent.writeIndex += n;
    length += n;
    lent = null;
    settleIfIdle();
  }

  /** Ends the current loan, if any, committing nothing. */
  void endLoan() {
    if (lent != null) {
      lent = null;
      settleIfIdle();
    }
  }

  /**
   * Copies {@code src[offset, offset + n)} in, filling the tail and appending chunks. The caller
   * has checked {@link #fitsWrite} against {@code bound}, so no chunk is refused.
   */
  void write(byte[] src, int offset, int n, long bound) {
    endLoan();
    int at = offset;
    int left = n;
    while (left > 0) {
      Chunk c = tailWithRoom(1, bound);
      int k = Math.min(left, c.writable());
      c.append(src, at, k);
      length += k;
      at += k;
      left -= k;
    }
  }

  /** Copies the remaining bytes of {@code src} in; otherwise like {@link #write(byte[], int, int, long)}. */
  void write(ByteBuffer src, long bound) {
    endLoan();
    while (src.hasRemaining()) {
      Chunk c = tailWithRoom(1, bound);
      int k = Math.min(src.remaining(), c.writable());
      c.append(src, k);
      length += k;
    }
  }

  /**
   * Appends the low {@code size} bytes (1, 2, 4 or 8) of {@code value}, big-endian: one access when
   * the tail has the room, else byte by byte into the next chunk. The caller has checked {@link
   * #fitsWrite} against {@code bound}.
   */
  void writeValue(long value, int size, long bound) {
    endLoan();
    Chunk c = tailWithRoom(1, bound);
    if (c.writable() >= size) {
      c.putValue(value, size);
      length += size;
      return;
    }
    for (int shift = Byte.SIZE * (size - 1); shift >= 0; shift -= Byte.SIZE) {
      c = putByte(c, (int) (value >>> shift), bound);
    }
  }

  /** Appends one byte to {@code c} when it has room, else to a new tail; returns where it went. */
  private Chunk putByte(Chunk c, int b, long bound) {
    Chunk t = c.writable() > 0 ? c : tailWithRoom(1, bound);
    t.put((byte) b);
    length++;
    return t;
  }

  /**
   * Encodes {@code text} as UTF-8 straight into the chunks, an unpaired surrogate as {@code '?'}
   * as {@link String#getBytes} does. The caller has checked {@link #fitsWrite} against {@code
   * bound} for {@link ChunkBytes#utf8Length}{@code (text)} bytes, which must not be 0.
   */
  void writeUtf8(CharSequence text, long bound) {
    endLoan();
    Chunk c = tailWithRoom(1, bound);
    int n = text.length();
    int i = 0;
    while (i < n) {
      char ch = text.charAt(i);
      if (ch < 0x80) {
        // A run of ASCII: one store per character, as far as this chunk has room.
        if (c.writable() == 0) {
          c = tailWithRoom(1, bound);
        }
        int end = Math.min(n, i + c.writable());
        int from = i;
        do {
          c.put((byte) ch);
          i++;
        } while (i < end && (ch = text.charAt(i)) < 0x80);
        length += i - from;
        continue;
      }
      if (ch < 0x800) {
        c = putByte(c, 0xC0 | (ch >> 6), bound);
        c = putByte(c, 0x80 | (ch & 0x3F), bound);
      } else if (Character.isSurrogate(ch)) {
        char low = i + 1 < n ? text.charAt(i + 1) : 0;
        if (Character.isHighSurrogate(ch) && Character.isLowSurrogate(low)) {
          int cp = Character.toCodePoint(ch, low);
          c = putByte(c, 0xF0 | (cp >> 18), bound);
          c = putByte(c, 0x80 | ((cp >> 12) & 0x3F), bound);
          c = putByte(c, 0x80 | ((cp >> 6) & 0x3F), bound);
          c = putByte(c, 0x80 | (cp & 0x3F), bound);
          i++;
        } else {
          c = putByte(c, '?', bound);
        }
      } else {
        c = putByte(c, 0xE0 | (ch >> 12), bound);
        c = putByte(c, 0x80 | ((ch >> 6) & 0x3F), bound);
        c = putByte(c, 0x80 | (ch & 0x3F), bound);
      }
      i++;
    }
  }

  /**
   * Copies {@code n} bytes that start at index {@code from} of {@code src} and run on along its
   * links (the bytes of a {@link ChunkRange}) to the end of the stream. The chunks may be this
   * queue's own, as long as something holds them (a sequence's references): the copy only reads
   * below their write indices and only writes past the tail's. The caller has checked {@link
   * #fitsWrite} against {@code bound}.
   */
  void write(Chunk src, int from, long n, long bound) {
    endLoan();
    Chunk s = src;
    int i = from;
    long left = n;
    while (left > 0) {
      while (i >= s.writeIndex) {
        s = s.next;
        i = 0;
      }
      int k = (int) Math.min(s.writeIndex - i, left);
      left -= k;
      while (k > 0) {
        Chunk c = tailWithRoom(1, bound);
        int m = Math.min(k, c.writable());
        c.appendFrom(s, i, m);
        length += m;
        i += m;
        k -= m;
      }
    }
  }

  /**
   * Whether a loan of {@code need} bytes fits under {@code bound}: the tail has the room, or a chunk
   * for it keeps the list within {@code bound + max(maxChunkSize, need)}.
   */
  boolean fitsLoan(int need, long bound) {
    Chunk t = tail;
    if (t != null && (t.writable() >= need || rewindable(t))) {
      // Room, or a drained tail that is rewound, or given back (it is then the only chunk)
      // before a new one is taken: a single chunk always fits.
      return true;
    }
    int carry = carry(t, need);
    if (carry < 0 && mergeable(t)) {
      return need <= budget(need, bound) + t.capacity; // t goes back before the new chunk is taken
    }
    // An empty tail (carry 0) goes back before the new chunk is taken; a moved one only after.
    return need + Math.max(carry, 0) <= budget(need, bound) + (carry == 0 ? t.capacity : 0);
  }

  /** Whether {@code t} is drained, needed by no view, and so may be rewound or given back. */
  private boolean rewindable(Chunk t) {
    return t.readable() == 0 && t.writeIndex > 0 && !viewLive && t.isExclusive();
  }

  /**
   * Whether {@code n} bytes written with {@link #write} fit under {@code bound}. With nothing
   * unread and no borrowed view live the write starts from an empty queue: it ends the loan first,
   * and the idle queue then gives back its chunks (see {@link #settleIfIdle}).
   */
  boolean fitsWrite(long n, long bound) {
    if (length == 0 && !viewLive) {
      return n <= budget(1, bound) + held;
    }
    return n - tailRoom() <= budget(1, bound);
  }

  /**
   * The chunk bytes that may still be taken under {@code bound} for a request of {@code need}
   * bytes: the list may hold up to {@code bound + max(maxChunkSize, need)}.
   */
  private long budget(int need, long bound) {
    if (bound == Long.MAX_VALUE) {
      return Long.MAX_VALUE / 2;
    }
    return bound + Math.max(maxChunkSize, need) - held;
  }

  /**
   * Returns the tail after making sure it has at least {@code need} bytes of room, appending a
   * chunk when it has not; {@code null} when that chunk does not fit under {@code bound}.
   */
  private Chunk tailWithRoom(int need, long bound) {
    Chunk t = tail;
    if (t != null && rewindable(t)) {
      t = rewindDrainedTail(t);
    }
    if (t != null && t.writable() >= need) {
      return t;
    }
    if (t != null && t.writable() == 0 && length >= nextChunkSize) {
      // More than a chunk's worth is unread: the traffic outgrows the size. A tail filled by many
      // small writes that the reader keeps up with says nothing of the kind, and growing then
      // would only make each of many quiet connections hold a bigger chunk.
      nextChunkSize = (int) Math.min(maxChunkSize, 2L * nextChunkSize);
    }
    return append(need, bound);
  }

  private Chunk rewindDrainedTail(Chunk t) {
    if (t.writeIndex < t.capacity / 2) {
      nextChunkSize = Math.max(minChunkSize, nextChunkSize / 2);
    }
    if (t.capacity >= 2L * nextChunkSize && t.capacity > minChunkSize) {
      // Oversized for the traffic now: give the memory back rather than keep a burst's chunk.
      // Drained means nothing is unread, so every chunk is empty.
      releaseAll();
      return null;
    }
    t.rewind();
    return t;
  }

  /**
   * How many unread bytes of the tail {@code t} to move into the chunk that a loan of {@code need}
   * bytes appends, replacing {@code t}: all of them when that is cheaper than losing its free room
   * (0 for a tail with nothing unread, which is simply dropped); -1 to keep {@code t}.
   */
  private int carry(Chunk t, int need) {
    if (t == null || viewLive) {
      return -1;
    }
    int unread = t.readable();
    if (unread >= t.writable() || need > maxChunkSize - unread || !t.isExclusive()) {
      return -1;
    }
    return unread;
  }

  /**
   * Whether the tail {@code t}, which a loan passes over and {@link #carry} cannot move, may instead
   * be merged back into the chunk before it: it holds fewer unread bytes than free room (so dropping
   * it saves more than the copy costs), those bytes fit the free room that the chunk before it lost
   * when it was passed over, no view needs either, and no sequence holds {@code t} (so none walks
   * the link from the chunk before it). A writer that asks for a whole chunk and fills one byte of
   * it each time then keeps one chunk filling up behind the tail instead of a chunk per byte.
   */
  private boolean mergeable(Chunk t) {
    Chunk before = beforeTail;
    if (t == null || before == null || viewLive || !t.isExclusive()) {
      return false;
    }
    int unread = t.readable();
    return unread > 0 && unread < t.writable() && unread <= before.writable();
  }

  /**
   * Appends a chunk with at least {@code need} bytes of room, moving a short tail into it or back
   * into the chunk before it (see the class comment); {@code null}, changing nothing that a reader
   * sees, when it does not fit under {@code bound}.
   */
  private Chunk append(int need, long bound) {
    Chunk t = tail;
    int carry = carry(t, need);
    if (carry == 0 && need <= budget(need, bound) + t.capacity) {
      // An empty tail that no view needs: give it back first, so that the pool never has it and
      // its replacement out at once.
      dropEmptyTail(t);
      t = tail;
      carry = -1;
    }
    boolean merged = false;
    if (carry < 0 && mergeable(t) && need <= budget(need, bound) + t.capacity) {
      mergeTailBack(t); // given back before the new chunk is taken, like an empty tail
      t = tail;
      merged = true;
    }
    // The old tail is not counted as gone: the pool lends the new chunk before it gets the old one
    // back, and the bound holds for what the pool has out at every moment.
    long budget = budget(need, bound);
    int least = need + Math.max(carry, 0);
    if (least > budget) {
      return null;
    }
    int size;
    if (need > maxChunkSize) {
      size = need; // a larger hint gets one chunk of exactly its size
    } else {
      // Not larger than the room under the bound, in a power of two where the bound cuts it, so
      // that a pool of power-of-two classes lends no more than is counted.
      long cap = Math.min(nextChunkSize, budget);
      if (cap < nextChunkSize) {
        cap = Long.highestOneBit(cap);
      }
      if (least > cap) {
        // Room for more than this loan, when allowed: a tail moved into a chunk that it fills
        // again at once would be moved again at the next loan, and copying would go quadratic.
        cap = Math.min(Math.min(maxChunkSize, budget), Integer.highestOneBit(least - 1) * 2L);
      }
      size = (int) Math.max(least, cap);
    }
    ByteBuffer buffer;
    try {
      buffer = pool.acquire(size);
      if (buffer.capacity() < size) {
        int got = buffer.capacity();
        pool.release(buffer);
        throw new IllegalStateException(
            "pool " + pool.name() + " lent " + got + " bytes for acquire(" + size + ")");
      }
    } catch (RuntimeException | Error e) {
      if (merged) {
        beforeTail = chunkBefore(t); // the merged chunk is the tail now, and no chunk follows it
      }
      throw e;
    }
    int capacity = (int) Math.min(buffer.capacity(), Math.max(size, Math.min(maxChunkSize, budget)));
    if (carry >= 0) {
      return replaceTail(t, buffer, capacity);
    }
    Chunk c = newChunk(buffer, capacity, writePosition());
    held += capacity;
    if (t == null) {
      head = c;
    } else {
      t.next = c;
      beforeTail = t;
    }
    tail = c;
    return c;
  }

  /**
   * Puts a new chunk over {@code buffer} in the place of the tail {@code t}, with {@code t}'s unread
   * bytes copied to its start, and gives {@code t} back. No view covers {@code t} ({@link #carry}
   * checked), so no sequence walks the link that changes.
   */
  private Chunk replaceTail(Chunk t, ByteBuffer buffer, int capacity) {
    int unread = t.readable();
    Chunk c = newChunk(buffer, capacity, t.start + t.readIndex);
    c.appendFrom(t, t.readIndex, unread);
    held += capacity - t.capacity;
    if (head == t) {
      head = c;
    } else {
      beforeTail.next = c;
    }
    if (cursor == t) {
      cursor = null;
    }
    tail = c;
    freed(t);
    return c;
  }

  /** Unlinks and gives back the tail {@code t}, which holds nothing unread and no view needs. */
  private void dropEmptyTail(Chunk t) {
    if (head == t) {
      head = null;
      tail = null;
    } else {
      Chunk before = beforeTail; // set whenever a chunk precedes the tail
      before.next = null;
      tail = before;
      beforeTail = chunkBefore(before); // rare: only a loan larger than an empty tail's room
    }
    release(t);
  }

  /**
   * Copies the unread bytes of the tail {@code t} into the free room of the chunk before it and
   * gives {@code t} back; that chunk is the tail then. {@link #beforeTail} is left to the caller,
   * which appends a chunk at once (see {@link #mergeable}).
   */
  private void mergeTailBack(Chunk t) {
    Chunk before = beforeTail;
    before.appendFrom(t, t.readIndex, t.readable());
    before.next = null;
    tail = before;
    held -= t.capacity;
    if (cursor == t) {
      cursor = null;
    }
    freed(t);
  }

  /** The chunk linked to {@code c}, found from the head; {@code null} when {@code c} is the head. */
  private Chunk chunkBefore(Chunk c) {
    Chunk before = null;
    for (Chunk x = head; x != c; x = x.next) {
      before = x;
    }
    return before;
  }

  /** A chunk over {@code buffer}: the spare one when the pool lent its buffer again. */
  private Chunk newChunk(ByteBuffer buffer, int capacity, long start) {
    Chunk s = spare;
    if (s != null && s.wraps(buffer)) {
      spare = null;
      return s.reuse(capacity, start);
    }
    return new Chunk(pool, buffer, capacity, start, debug);
  }

  /** Drops the pipe's reference on {@code c}, keeping it as the spare if that freed it. */
  private void freed(Chunk c) {
    if (c.releaseByPipe()) {
      spare = c;
    }
  }

  /** Gives every chunk back when nothing is unread and nothing is lent: all are empty then. */
  private void settleIfIdle() {
    Chunk t = tail;
    if (length == 0 && lent == null && t != null) {
      if (viewLive) {
        settleLater = true; // a view may still read the drained chunks
        return;
      }
      if (t.writeIndex < t.capacity / 2) {
        nextChunkSize = Math.max(minChunkSize, nextChunkSize / 2);
      }
      releaseAll();
    }
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

  /**
   * Consumes {@code n <= length()} bytes, releasing every chunk emptied except the tail, and the
   * tail too when the queue is then idle; with {@code keep}, emptied chunks are kept for a
   * borrowed view instead, until views end.
   */
  void discard(long n, boolean keep) {
    long left = n;
    Chunk c = head;
    if (keep && kept == null) {
      kept = c;
    }
    while (left > 0) {
      int k = (int) Math.min(left, c.readable());
      c.readIndex += k;
      left -= k;
      if (c.readable() == 0 && c != tail) {
        Chunk next = c.next;
        if (!keep) {
          release(c);
        }
        c = next;
      }
    }
    if (kept == c) {
      kept = null; // nothing was emptied: the view lies in the head, which stays
    }
    head = c;
    readPosition += n;
    length -= n;
    if (length == 0) {
      settleIfIdle();
    }
  }

  /**
   * Consumes {@code n <= head().readable()} bytes of the head, as {@link #discard}{@code (n,
   * false)} does, without its loop: a typed read's step. Borrowed views were ended first.
   */
  void discardFromHead(int n) {
    Chunk c = head;
    int r = c.readIndex + n;
    c.readIndex = r;
    readPosition += n;
    length -= n;
    if (r == c.writeIndex) {
      headDrained(c); // kept out of line: the step itself stays small enough to inline
    }
  }

  /** After {@link #discardFromHead} drained the head {@code c}: gives it back, or settles. */
  private void headDrained(Chunk c) {
    if (c != tail) {
      head = c.next;
      release(c);
    }
    if (length == 0) { // every chunk is empty now
      settleIfIdle();
    }
  }

  /** Copies the first {@code n <= length()} unread bytes into a new array. */
  byte[] copyFront(int n) {
    byte[] out = new byte[n];
    copyFront(out, 0, n);
    return out;
  }

  /** Copies the first {@code n <= length()} unread bytes into {@code dst} at {@code offset}. */
  void copyFront(byte[] dst, int offset, int n) {
    if (n > 0) {
      ChunkBytes.copy(head, head.readIndex, dst, offset, n);
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

  /** Gives back a chunk that left the list: emptied, or kept for a view that ended. */
  private void release(Chunk c) {
    if (c == cursor) {
      cursor = null;
    }
    if (c == beforeTail) {
      beforeTail = null;
    }
    held -= c.capacity;
    freed(c);
  }

  /** Gives every chunk back; the queue is empty afterwards and lends nothing. */
  void releaseAll() {
    epoch++;
    viewLive = false;
    settleLater = false;
    Chunk k = kept;
    kept = null;
    while (k != null && k != head) {
      Chunk next = k.next;
      freed(k);
      k = next;
    }
    Chunk c = head;
    head = null;
    tail = null;
    beforeTail = null;
    cursor = null;
    lent = null;
    readPosition += length;
    length = 0;
    held = 0;
    while (c != null) {
      Chunk next = c.next;
      freed(c);
      c = next;
    }
  }
}
