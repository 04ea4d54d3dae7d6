package io.github.chunkedbuffer.pipe;

import io.github.chunkedbuffer.pipe.spi.PipeOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A buffer between a byte producer (a socket, a channel, a decoder) and a parser, held as a list of
 * chunks borrowed from a {@link ChunkPool}. A parser for frames that start with a 4-byte big-endian
 * length, fed from a blocking channel:
 *
 * <pre>{@code
 * try (Pipe pipe = Pipe.builder().maxBufferedBytes(1 << 20).build()) {
 *   while (pipe.readFrom(channel) != -1) {        // one channel read; -1 at its end, which eof()s
 *     while (pipe.length() >= 4) {                // the length is here: look at it in place
 *       int size = pipe.intAt(0);
 *       if (size < 0) {
 *         throw new ProtocolException("negative frame length " + size);
 *       }
 *       if (pipe.length() - 4 < size) {
 *         break;                                  // the body is not all here yet: read more
 *       }
 *       pipe.skip(4);
 *       handle(pipe.readExact(size));             // never null: the bytes are buffered
 *     }
 *   }
 *   if (pipe.length() > 0) {
 *     throw new EOFException(pipe.length() + " bytes of a cut-off frame");
 *   }
 * }
 * }</pre>
 *
 * <p>Text lines are the same loop with {@code while ((line = pipe.readLine(8192)) != null)}; a
 * concurrent pipe lets a reader thread wait instead ({@link #awaitAtLeast(long)}, {@link
 * #await(PipeRead)}). A frame larger than the {@link Builder#maxBufferedBytes(long) limit} makes
 * {@code readFrom} throw {@link LimitExceededException} rather than buffer without bound.
 *
 * <p>Three conventions trip up readers used to {@link InputStream}:
 *
 * <ul>
 *   <li><b>{@code null} means "not yet", not "the end".</b> The read side never blocks: a read that
 *       needs more bytes than are buffered returns {@code null} (or {@code false}, for the methods
 *       that return a boolean) and consumes nothing, while more bytes may still arrive. Call it
 *       again after the next write. Once the writer signalled EOF the same read throws {@link
 *       PartialReadException} instead, carrying the bytes that were left. The typed reads ({@link
 *       #readInt()} and its kin) return primitives, so they throw {@link
 *       java.nio.BufferUnderflowException} for "not yet". On the read side only the {@code await}
 *       methods of a concurrent pipe (and its {@link #asInputStream() input stream}) wait.
 *   <li><b>{@code -1} as a count means "everything buffered"</b>: {@link #read(int) read(-1)},
 *       {@link #peek(int) peek(-1)}, {@link #skip(long) skip(-1)}, {@link #readZeroCopy(int)
 *       readZeroCopy(-1)}, {@link #peekZeroCopy(int) peekZeroCopy(-1)}, and what {@link #read()},
 *       {@link #peek()} and {@link #skip()} without an argument do; as a size hint ({@link
 *       #getBuffer(int) getBuffer(-1)}, {@link #tryGetBuffer(int)}) it means "any size". As a
 *       result, -1 means "not found" ({@link #findByte(byte, long, long)}, {@link #find(byte[],
 *       long, long)}) or "end of stream" ({@link #readFrom(ReadableByteChannel)}, the {@link
 *       #asInputStream() input stream}).
 *   <li><b>{@link #isClosed()} is true as soon as the writer is done</b>: after {@link #eof()} or
 *       {@link #eof(Throwable)} as well as after {@link #close()}. It tells a reader that no more
 *       bytes will arrive, not that none are left: after {@code eof()} the buffered bytes can still
 *       be read. {@link #reachedEof()} tells that every byte has been read; only {@code close()}
 *       makes the pipe unusable.
 * </ul>
 *
 * <p>The <em>write side</em> lends buffers to fill ({@link #getBuffer(int)} then
 * {@link #bufferWritten(int)}), copies bytes in ({@link #write(byte[])}), or reads a channel
 * ({@link #readFrom(ReadableByteChannel)}), and ends with {@link #eof()} or {@link #eof(Throwable)}.
 * The <em>read side</em> never blocks: a method that needs more bytes than are buffered returns
 * {@code null} while more may still arrive, and throws once the writer signalled EOF (see
 * {@link PartialReadException}). Every read has a copying form, which returns a fresh
 * {@code byte[]} the caller owns, and a zero-copy form, which returns a {@link ByteSequence} over
 * the pipe's own chunks that the caller must close.
 *
 * <p>Indices ({@link #byteAt(long)}, {@link #find(byte[], long, long)}) are relative to the current
 * read position: index 0 is the next unread byte.
 *
 * <p>A pipe is used by one thread at a time, unless it was built {@link Builder#concurrent(long,
 * long) concurrent}: then one writer thread and one reader thread may use it at the same time, the
 * reader may wait for data with the {@code await} methods, and the writer is held back while too
 * many bytes are unread. {@link ByteSequence}s a pipe hands out may be used and closed by any
 * thread.
 *
 * <p>After {@link #close()} only {@code close()}, {@link #isClosed()} and {@link #onClose(Runnable)}
 * may be called; every other method throws {@link IllegalStateException}. Null arguments throw
 * {@link NullPointerException}.
 */
public interface Pipe extends AutoCloseable {

  /**
   * Creates a pipe with the default pool and chunk sizes.
   *
   * @return a new pipe, not concurrent, without a limit
   * @throws IllegalStateException when no implementation ({@code pipe-impl}) is present
   */
  static Pipe create() {
    return builder().build();
  }

  /**
   * Returns a builder for a pipe with a chosen pool or chunk sizes.
   *
   * @return a new builder with the defaults
   */
  static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- write side

  /**
   * Lends free room to write into: a new big-endian buffer with position 0 and limit = capacity =
   * the bytes lent, at least {@code sizeHint} ({@code remaining() >= sizeHint}, at least 1 when the
   * hint is 0 or -1) and at most {@code max(sizeHint, maxChunkSize)}. It covers free room only, so
   * nothing done to it ({@code clear()}, {@code flip()}, {@code compact()}, absolute puts) can reach
   * a committed byte, and the usual NIO loop is safe:
   *
   * <pre>{@code
   * ByteBuffer buf = pipe.getBuffer(4096);
   * int n = channel.read(buf);      // or buf.clear(); channel.read(buf); ...
   * pipe.bufferWritten(buf.position());
   * }</pre>
   *
   * <p>Only the most recently lent buffer counts. It stays valid until the next {@code getBuffer},
   * {@code write}, {@code readFrom}, {@code eof} or {@code close}; reads in between do not disturb
   * it. A heap buffer may be a slice of a larger array: use {@code arrayOffset()} with {@code
   * array()}. A hint above the largest chunk size gets a chunk of exactly that size. A call that
   * throws changes nothing: the previous loan can still be committed.
   *
   * <p>Room asked for and not filled costs memory until it is read past, and counts against the
   * pipe's bounds ({@link Builder#maxBufferedBytes(long)}, a concurrent pipe's {@code
   * pauseAtBytes}); a writer that asks for much more than it commits (a fixed large hint against a
   * peer that sends a byte at a time) may be refused, or held, before the bound's worth of bytes is
   * unread. {@link #readFrom(ReadableByteChannel)} sizes its loans to avoid that.
   *
   * @param sizeHint the least room wanted, or 0 or -1 for any
   * @return a buffer over free room, position 0, limit = capacity
   * @throws IllegalArgumentException when {@code sizeHint < -1}
   * @throws IllegalStateException after {@code eof} or {@code close}; on a concurrent pipe also when
   *     another thread is writing or holds a lent buffer (the message names it)
   * @throws BufferLimitExceededException when the pipe's {@link Builder#maxBufferedBytes(long)
   *     limit} leaves less room than asked, or the chunk memory would go past it
   * @throws java.util.concurrent.CancellationException on a concurrent pipe, when the thread is
   *     interrupted while the pipe holds the writer back; its interrupt status is kept
   */
  ByteBuffer getBuffer(int sizeHint);

  /**
   * Same as {@code getBuffer(-1)}: a buffer with at least one byte of room.
   *
   * @return a buffer over free room, position 0, limit = capacity
   * @throws IllegalStateException after {@code eof} or {@code close}, or as {@link #getBuffer(int)}
   * @throws BufferLimitExceededException when the pipe's limit leaves no room
   */
  ByteBuffer getBuffer();

  /**
   * Commits the first {@code n} bytes of the buffer lent by the last {@link #getBuffer(int)}
   * (usually its {@code position()} after writing). Afterwards nothing is lent. On a concurrent
   * pipe the commit may come from another thread than the loan (a completion handler), but not
   * while another thread is inside a writer-side call.
   *
   * @param n how many bytes of the lent buffer to commit, from its start
   * @throws IllegalArgumentException when {@code n} is negative or larger than what was lent;
   *     nothing is committed and the buffer stays lent
   * @throws IllegalStateException when nothing is lent, or after {@code eof} or {@code close}
   */
  void bufferWritten(int n);

  /**
   * Copies all of {@code src} into the pipe.
   *
   * @param src the bytes to append; the pipe keeps no reference to it
   * @throws IllegalStateException after {@code eof} or {@code close}
   * @throws BufferLimitExceededException when the bytes would go past the pipe's {@link
   *     Builder#maxBufferedBytes(long) limit}; nothing is written
   */
  void write(byte[] src);

  /**
   * Copies {@code src[offset, offset + length)} into the pipe.
   *
   * @param src the array holding the bytes
   * @param offset the index of the first byte to append
   * @param length how many bytes to append
   * @throws IndexOutOfBoundsException when the range does not lie inside {@code src}; nothing is
   *     written
   * @throws IllegalStateException after {@code eof} or {@code close}
   * @throws BufferLimitExceededException when the bytes would go past the pipe's {@link
   *     Builder#maxBufferedBytes(long) limit}; nothing is written
   */
  void write(byte[] src, int offset, int length);

  /**
   * Copies the remaining bytes of {@code src} into the pipe and advances its position to its limit.
   *
   * @param src the bytes to append, from its position to its limit
   * @throws IllegalStateException after {@code eof} or {@code close}
   * @throws BufferLimitExceededException when the bytes would go past the pipe's {@link
   *     Builder#maxBufferedBytes(long) limit}; nothing is written and {@code src} does not move
   */
  void write(ByteBuffer src);

  /**
   * Performs one {@code channel.read} into a lent buffer and commits what it read. On end of stream
   * it calls {@link #eof()} and returns -1.
   *
   * @param channel the channel to read once
   * @return the number of bytes read (possibly 0 for a non-blocking channel), or -1 at end of stream
   * @throws LimitExceededException when the pipe holds its {@link Builder#maxBufferedBytes(long)
   *     limit} already; nothing is read
   * @throws IOException what the channel threw; nothing is committed
   * @throws IllegalStateException after {@code eof} or {@code close}
   */
  int readFrom(ReadableByteChannel channel) throws IOException;

  /**
   * Signals that the writer is done. Buffered bytes can still be read. A second call is ignored.
   *
   * @throws IllegalStateException after {@code close}
   */
  void eof();

  /**
   * Signals that the writer failed with {@code cause}. Buffered bytes are still delivered; after them
   * every read that needs more throws an {@link IOException} whose cause is {@code cause}. If EOF was
   * already signalled the call is ignored and the first cause (or none) stays.
   *
   * @param cause why the writer failed
   * @throws IllegalStateException after {@code close}
   */
  void eof(Throwable cause);

  // ---------------------------------------------------------------- write side, typed and text

  /**
   * Appends one byte: the low eight bits of {@code value}.
   *
   * @param value the byte, as an {@code int} so that {@code 0xFF} needs no cast
   * @throws IllegalStateException after {@code eof} or {@code close}
   * @throws BufferLimitExceededException when the byte would go past the pipe's {@link
   *     Builder#maxBufferedBytes(long) limit}; nothing is written
   * @since 0.2
   */
  void writeByte(int value);

  /**
   * Appends the low 16 bits of {@code value}, big-endian (network order, as {@link
   * ByteBuffer#putShort} and Netty's {@code writeShort}).
   *
   * @param value the value; bits above the low 16 are ignored
   * @throws IllegalStateException after {@code eof} or {@code close}
   * @throws BufferLimitExceededException when the bytes would go past the pipe's limit; nothing is
   *     written
   * @since 0.2
   */
  void writeShort(int value);

  /**
   * Appends {@code value} as four bytes, big-endian.
   *
   * @param value the value
   * @throws IllegalStateException after {@code eof} or {@code close}
   * @throws BufferLimitExceededException when the bytes would go past the pipe's limit; nothing is
   *     written
   * @since 0.2
   */
  void writeInt(int value);

  /**
   * Appends {@code value} as eight bytes, big-endian.
   *
   * @param value the value
   * @throws IllegalStateException after {@code eof} or {@code close}
   * @throws BufferLimitExceededException when the bytes would go past the pipe's limit; nothing is
   *     written
   * @since 0.2
   */
  void writeLong(long value);

  /**
   * Appends the low 16 bits of {@code value}, little-endian.
   *
   * @param value the value; bits above the low 16 are ignored
   * @throws IllegalStateException after {@code eof} or {@code close}
   * @throws BufferLimitExceededException when the bytes would go past the pipe's limit; nothing is
   *     written
   * @since 0.2
   */
  default void writeShortLE(int value) {
    writeShort(Short.reverseBytes((short) value));
  }

  /**
   * Appends {@code value} as four bytes, little-endian.
   *
   * @param value the value
   * @throws IllegalStateException after {@code eof} or {@code close}
   * @throws BufferLimitExceededException when the bytes would go past the pipe's limit; nothing is
   *     written
   * @since 0.2
   */
  default void writeIntLE(int value) {
    writeInt(Integer.reverseBytes(value));
  }

  /**
   * Appends {@code value} as eight bytes, little-endian.
   *
   * @param value the value
   * @throws IllegalStateException after {@code eof} or {@code close}
   * @throws BufferLimitExceededException when the bytes would go past the pipe's limit; nothing is
   *     written
   * @since 0.2
   */
  default void writeLongLE(long value) {
    writeLong(Long.reverseBytes(value));
  }

  /**
   * Appends {@code text} encoded with {@code charset}, replacing what the charset cannot encode
   * (and unpaired surrogates) as {@link String#getBytes(Charset)} does. UTF-8 is encoded straight
   * into the chunks, without an intermediate array; other charsets go through one, and so does
   * every charset on a concurrent pipe (which may then pause between pieces of the write). UTF-8
   * text past the limit is refused before it is encoded; other charsets are encoded first.
   *
   * @param text the characters
   * @param charset the encoding, for example {@link java.nio.charset.StandardCharsets#UTF_8}
   * @throws IllegalStateException after {@code eof} or {@code close}
   * @throws BufferLimitExceededException when the encoded bytes would go past the pipe's limit;
   *     nothing is written
   * @since 0.2
   */
  void write(CharSequence text, Charset charset);

  /**
   * Appends a copy of the bytes of {@code bytes}, which stays as it was: a {@link ByteSequence}
   * stays open, a borrowed view stays pointed (unless it is one of this pipe's own views, which the
   * write ends like every write does, after copying). On a concurrent pipe the bytes are written
   * like a {@code write(byte[])} of the same length.
   *
   * @param bytes the bytes to append; any {@link ByteView}, so any {@link ByteSequence} too
   * @throws IllegalStateException after {@code eof} or {@code close}, or when {@code bytes} is a
   *     closed sequence or a stale view
   * @throws BufferLimitExceededException when the bytes would go past the pipe's limit; nothing is
   *     written
   * @since 0.2
   */
  void write(ByteView bytes);

  // ---------------------------------------------------------------- read side, copying

  /**
   * Reads up to {@code n} bytes ({@code -1}: everything buffered).
   *
   * @param n the most bytes to read, or -1 for everything buffered
   * @return the bytes, possibly fewer than {@code n}; an empty array when {@code n == 0} or when the
   *     pipe is empty at a clean EOF; {@code null} when the pipe is empty and not at EOF
   * @throws IllegalArgumentException when {@code n < -1}
   * @throws IOException when the pipe is empty and the writer failed ({@link #eof(Throwable)})
   */
  byte[] read(int n) throws IOException;

  /**
   * Same as {@code read(-1)}: reads everything buffered.
   *
   * @return the bytes; an empty array when the pipe is empty at a clean EOF; {@code null} when the
   *     pipe is empty and not at EOF
   * @throws IOException when the pipe is empty and the writer failed ({@link #eof(Throwable)})
   * @throws IllegalStateException after {@code close}
   */
  byte[] read() throws IOException;

  /**
   * Reads exactly {@code n} bytes.
   *
   * @param n how many bytes, at least 0
   * @return the bytes, or {@code null} when fewer than {@code n} are buffered and more may arrive
   * @throws IllegalArgumentException when {@code n < 0}
   * @throws PartialReadException when fewer than {@code n} bytes are left before EOF; it consumes and
   *     carries them
   * @throws IOException when the pipe is empty and the writer failed
   */
  byte[] readExact(int n) throws IOException;

  /**
   * Same as {@code readUntil(separator, false)}: the bytes up to and including the separator.
   *
   * @param separator the bytes that end a message, not empty
   * @return the bytes, separator included, or {@code null} when no separator is buffered yet
   * @throws IllegalArgumentException when {@code separator} is empty
   * @throws PartialReadException when EOF was signalled and no separator is buffered
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   */
  byte[] readUntil(byte[] separator) throws IOException;

  /**
   * Reads the bytes up to and including the first occurrence of {@code separator}. The separator is
   * consumed either way and is left out of the result when {@code skipSeparator} is true.
   *
   * <p>A call that returns {@code null} remembers how far it searched: the next call with an equal
   * separator resumes there, so a message arriving in small pieces costs work linear in its length.
   * Without a limit a peer that never sends the separator can make the pipe hold everything it
   * sends: prefer {@link #readUntil(byte[], boolean, long)} for input from a network.
   *
   * @param separator the bytes that end a message, not empty
   * @param skipSeparator whether to leave the separator out of the result
   * @return the bytes, or {@code null} when no separator is buffered yet
   * @throws IllegalArgumentException when {@code separator} is empty
   * @throws PartialReadException when EOF was signalled and no separator is buffered; it consumes and
   *     carries the rest
   * @throws IOException when the pipe is empty and the writer failed
   */
  byte[] readUntil(byte[] separator, boolean skipSeparator) throws IOException;

  /**
   * Like {@link #readUntil(byte[], boolean)}, but gives up on input that has no separator ending
   * within its first {@code limit} bytes: as soon as {@code limit} bytes are buffered without one, or
   * when the first separator ends past {@code limit}, it throws {@link LimitExceededException} and
   * leaves every byte buffered. With fewer than {@code limit} bytes buffered it returns {@code null}.
   * At EOF the limit is checked before {@link PartialReadException} is thrown.
   *
   * @param separator the bytes that end a message, not empty
   * @param skipSeparator whether to leave the separator out of the result
   * @param limit the most bytes to search, the separator included, at least 1
   * @return the bytes, or {@code null} when no separator is buffered yet and fewer than {@code
   *     limit} bytes are
   * @throws IllegalArgumentException when {@code separator} is empty or {@code limit < 1}
   * @throws LimitExceededException when no separator ends within the first {@code limit} bytes;
   *     every byte stays buffered
   * @throws PartialReadException when EOF was signalled and no separator is buffered; it consumes
   *     and carries the rest
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   */
  byte[] readUntil(byte[] separator, boolean skipSeparator, long limit) throws IOException;

  /**
   * Returns up to {@code n} bytes ({@code -1}: everything) without consuming them; otherwise like
   * {@link #read(int)}.
   *
   * @param n the most bytes to return, or -1 for everything buffered
   * @return a copy of the bytes, possibly fewer than {@code n}; an empty array when {@code n == 0}
   *     or when the pipe is empty at a clean EOF; {@code null} when the pipe is empty and not at EOF
   * @throws IllegalArgumentException when {@code n < -1}
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   */
  byte[] peek(int n) throws IOException;

  /**
   * Same as {@code peek(-1)}: a copy of everything buffered, consuming nothing.
   *
   * @return the bytes; an empty array when the pipe is empty at a clean EOF; {@code null} when the
   *     pipe is empty and not at EOF
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   */
  byte[] peek() throws IOException;

  /**
   * Returns exactly {@code n} bytes without consuming them; otherwise like {@link #readExact(int)}.
   * A {@link PartialReadException} carries a copy of the bytes and leaves them buffered.
   *
   * @param n how many bytes, at least 0
   * @return a copy of the bytes, or {@code null} when fewer than {@code n} are buffered and more may
   *     arrive
   * @throws IllegalArgumentException when {@code n < 0}
   * @throws PartialReadException when fewer than {@code n} bytes are left before EOF
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   */
  byte[] peekExact(int n) throws IOException;

  /**
   * Skips up to {@code n} bytes ({@code -1}: everything buffered).
   *
   * @param n the most bytes to skip, or -1 for everything buffered
   * @return how many bytes were skipped (0 when the pipe is empty)
   * @throws IllegalArgumentException when {@code n < -1}
   * @throws IOException when the pipe is empty, {@code n != 0} and the writer failed
   */
  long skip(long n) throws IOException;

  /**
   * Same as {@code skip(-1)}: skips everything buffered.
   *
   * @return how many bytes were skipped (0 when the pipe is empty)
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   */
  long skip() throws IOException;

  /**
   * Skips exactly {@code n} bytes.
   *
   * @param n how many bytes, at least 0
   * @return {@code true} when skipped; {@code false}, skipping nothing, when fewer are buffered and
   *     more may arrive
   * @throws IllegalArgumentException when {@code n < 0}
   * @throws PartialReadException when fewer than {@code n} bytes are left before EOF; it consumes and
   *     carries them
   * @throws IOException when the pipe is empty and the writer failed ({@link #eof(Throwable)})
   */
  boolean skipExact(long n) throws IOException;

  // ---------------------------------------------------------------- read side, zero-copy

  /**
   * Like {@link #read(int)}, but returns a view of the pipe's chunks that the caller must close. The
   * view stays valid after further reads, writes and even {@link #close()} of the pipe.
   *
   * @param n the most bytes to read, or -1 for everything buffered
   * @return a sequence the caller must close, possibly shorter than {@code n}; an empty one when
   *     {@code n == 0} or the pipe is empty at a clean EOF; {@code null} when the pipe is empty and
   *     not at EOF
   * @throws IllegalArgumentException when {@code n < -1}
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   */
  ByteSequence readZeroCopy(int n) throws IOException;

  /**
   * Like {@link #readExact(int)}, but returns a view that the caller must close.
   *
   * @param n how many bytes, at least 0
   * @return a sequence the caller must close, or {@code null} when fewer than {@code n} bytes are
   *     buffered and more may arrive
   * @throws IllegalArgumentException when {@code n < 0}
   * @throws PartialReadException when fewer than {@code n} bytes are left before EOF; it consumes
   *     and carries them
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   */
  ByteSequence readExactZeroCopy(int n) throws IOException;

  /**
   * Like {@link #readUntil(byte[], boolean)}, but returns a view that the caller must close.
   *
   * @param separator the bytes that end a message, not empty
   * @param skipSeparator whether to leave the separator out of the result
   * @return a sequence the caller must close, or {@code null} when no separator is buffered yet
   * @throws IllegalArgumentException when {@code separator} is empty
   * @throws PartialReadException when EOF was signalled and no separator is buffered
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   */
  ByteSequence readUntilZeroCopy(byte[] separator, boolean skipSeparator) throws IOException;

  /**
   * Like {@link #readUntil(byte[], boolean, long)}, but returns a view that the caller must close.
   *
   * @param separator the bytes that end a message, not empty
   * @param skipSeparator whether to leave the separator out of the result
   * @param limit the most bytes to search, the separator included, at least 1
   * @return a sequence the caller must close, or {@code null} when no separator is buffered yet
   *     and fewer than {@code limit} bytes are
   * @throws IllegalArgumentException when {@code separator} is empty or {@code limit < 1}
   * @throws LimitExceededException when no separator ends within the first {@code limit} bytes
   * @throws PartialReadException when EOF was signalled and no separator is buffered
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   */
  ByteSequence readUntilZeroCopy(byte[] separator, boolean skipSeparator, long limit)
      throws IOException;

  /**
   * Like {@link #peek(int)}, but returns a view that the caller must close.
   *
   * @param n the most bytes, or -1 for everything buffered
   * @return a sequence the caller must close, possibly shorter than {@code n}; {@code null} when
   *     the pipe is empty and not at EOF
   * @throws IllegalArgumentException when {@code n < -1}
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   */
  ByteSequence peekZeroCopy(int n) throws IOException;

  /**
   * Like {@link #peekExact(int)}, but returns a view that the caller must close.
   *
   * @param n how many bytes, at least 0
   * @return a sequence the caller must close, or {@code null} when fewer than {@code n} bytes are
   *     buffered and more may arrive
   * @throws IllegalArgumentException when {@code n < 0}
   * @throws PartialReadException when fewer than {@code n} bytes are left before EOF
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   */
  ByteSequence peekExactZeroCopy(int n) throws IOException;

  // ---------------------------------------------------------------- read side, borrowed views

  /**
   * Returns a new view bound to this pipe, for the view-taking reads {@link #readExact(int,
   * ByteView)}, {@link #readUntil(byte[], boolean, long, ByteView)} and {@link #peekExact(int,
   * ByteView)}. A parser keeps one or two and points them again for every message: unlike a {@link
   * ByteSequence}, a borrowed view allocates nothing and counts no references.
   *
   * <p>The price is a short life. A view is valid until this pipe's next call that consumes, writes,
   * lends a buffer or closes, or until it is pointed again; calls that change nothing ({@link
   * #length()}, {@link #byteAt(long)}, the find methods, peeks) leave it valid. On a concurrent pipe
   * only the reader's calls end it: the writer's calls do not touch the bytes it covers. After that
   * every method of the view throws {@link IllegalStateException}, always, not only in debug mode;
   * a closed pipe's views are stale too. The chunks a view-taking read consumed go back to the pool
   * at that next call. Bytes that must live longer belong in a {@link ByteSequence} or a copy.
   *
   * @return a view that points at nothing yet
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  ByteView newView();

  /**
   * Like {@link #readExact(int)}, but points {@code into} at the bytes instead of copying them.
   *
   * @param n how many bytes, at least 0
   * @param into a view made by this pipe's {@link #newView()}
   * @return {@code true} when {@code into} now covers the {@code n} bytes, which are consumed;
   *     {@code false}, leaving {@code into} and the pipe untouched, while fewer are buffered and
   *     more may arrive
   * @throws IllegalArgumentException when {@code n < 0} or {@code into} is not a view of this pipe
   * @throws PartialReadException when fewer than {@code n} bytes are left before EOF; it consumes
   *     and carries them
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  boolean readExact(int n, ByteView into) throws IOException;

  /**
   * Like {@link #readUntil(byte[], boolean, long)}, but points {@code into} at the bytes instead of
   * copying them. The separator is consumed either way, and covered by {@code into} unless {@code
   * skipSeparator}.
   *
   * @param separator the bytes that end a message, not empty
   * @param skipSeparator whether to leave the separator out of {@code into}
   * @param limit the most bytes to search, at least 1
   * @param into a view made by this pipe's {@link #newView()}
   * @return {@code true} when {@code into} now covers the bytes, which are consumed; {@code false},
   *     leaving {@code into} and the pipe untouched, while no separator is buffered yet
   * @throws IllegalArgumentException when {@code separator} is empty, {@code limit < 1} or {@code
   *     into} is not a view of this pipe
   * @throws LimitExceededException when no separator ends within the first {@code limit} bytes
   * @throws PartialReadException when EOF was signalled and no separator is buffered
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  boolean readUntil(byte[] separator, boolean skipSeparator, long limit, ByteView into)
      throws IOException;

  /**
   * Like {@link #peekExact(int)}, but points {@code into} at the bytes instead of copying them;
   * nothing is consumed, and other views stay valid.
   *
   * @param n how many bytes, at least 0
   * @param into a view made by this pipe's {@link #newView()}
   * @return {@code true} when {@code into} now covers the first {@code n} unread bytes; {@code
   *     false}, leaving {@code into} untouched, while fewer are buffered and more may arrive
   * @throws IllegalArgumentException when {@code n < 0} or {@code into} is not a view of this pipe
   * @throws PartialReadException when fewer than {@code n} bytes are left before EOF; it carries a
   *     copy of them and leaves them buffered
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  boolean peekExact(int n, ByteView into) throws IOException;

  // ---------------------------------------------------------------- typed reads, numbers, text

  /**
   * Reads one byte.
   *
   * <p>Like every typed read it consumes its bytes on success. With too few bytes buffered it
   * consumes nothing and throws {@link BufferUnderflowException} while more may arrive (check
   * {@link #length()} first, as a parser checks that a header is complete, or wait with {@link
   * #awaitAtLeast(long)}); once EOF makes the read impossible it throws {@link
   * PartialReadException}, which consumes and carries the bytes left. A value that straddles two
   * chunks is read correctly; a value inside one chunk costs one bounds check and one memory
   * access, and no typed read allocates.
   *
   * @return the byte
   * @throws BufferUnderflowException when the pipe is empty and more may arrive; nothing is
   *     consumed
   * @throws PartialReadException when the pipe is empty at EOF
   * @throws IOException when the pipe is empty and the writer failed ({@link #eof(Throwable)})
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  byte readByte() throws IOException;

  /**
   * Reads a big-endian {@code short} (two bytes); see {@link #readByte()} for what happens with too
   * few bytes.
   *
   * @return the value
   * @throws BufferUnderflowException when fewer than 2 bytes are buffered and more may arrive;
   *     nothing is consumed
   * @throws PartialReadException when fewer than 2 bytes are left before EOF; it consumes and
   *     carries them
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  short readShort() throws IOException;

  /**
   * Reads a big-endian {@code int} (four bytes, network order, as {@link ByteBuffer#getInt()} and
   * Netty's {@code readInt}); see {@link #readByte()} for what happens with too few bytes.
   *
   * @return the value
   * @throws BufferUnderflowException when fewer than 4 bytes are buffered and more may arrive;
   *     nothing is consumed
   * @throws PartialReadException when fewer than 4 bytes are left before EOF; it consumes and
   *     carries them
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  int readInt() throws IOException;

  /**
   * Reads a big-endian {@code long} (eight bytes); see {@link #readByte()} for what happens with
   * too few bytes.
   *
   * @return the value
   * @throws BufferUnderflowException when fewer than 8 bytes are buffered and more may arrive;
   *     nothing is consumed
   * @throws PartialReadException when fewer than 8 bytes are left before EOF; it consumes and
   *     carries them
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  long readLong() throws IOException;

  /**
   * Reads one byte as an unsigned value, 0 to 255; otherwise like {@link #readByte()}.
   *
   * @return the value
   * @throws BufferUnderflowException when the pipe is empty and more may arrive
   * @throws PartialReadException when the pipe is empty at EOF
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  default int readUnsignedByte() throws IOException {
    return readByte() & 0xFF;
  }

  /**
   * Reads a big-endian unsigned 16-bit value, 0 to 65535; otherwise like {@link #readShort()}.
   *
   * @return the value
   * @throws BufferUnderflowException when fewer than 2 bytes are buffered and more may arrive
   * @throws PartialReadException when fewer than 2 bytes are left before EOF
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  default int readUnsignedShort() throws IOException {
    return readShort() & 0xFFFF;
  }

  /**
   * Reads a big-endian unsigned 32-bit value, 0 to 2<sup>32</sup>-1; otherwise like {@link
   * #readInt()}.
   *
   * @return the value
   * @throws BufferUnderflowException when fewer than 4 bytes are buffered and more may arrive
   * @throws PartialReadException when fewer than 4 bytes are left before EOF
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  default long readUnsignedInt() throws IOException {
    return readInt() & 0xFFFF_FFFFL;
  }

  /**
   * Reads a little-endian {@code short}; otherwise like {@link #readShort()}.
   *
   * @return the value
   * @throws BufferUnderflowException when fewer than 2 bytes are buffered and more may arrive
   * @throws PartialReadException when fewer than 2 bytes are left before EOF
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  default short readShortLE() throws IOException {
    return Short.reverseBytes(readShort());
  }

  /**
   * Reads a little-endian {@code int}; otherwise like {@link #readInt()}.
   *
   * @return the value
   * @throws BufferUnderflowException when fewer than 4 bytes are buffered and more may arrive
   * @throws PartialReadException when fewer than 4 bytes are left before EOF
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  default int readIntLE() throws IOException {
    return Integer.reverseBytes(readInt());
  }

  /**
   * Reads a little-endian {@code long}; otherwise like {@link #readLong()}.
   *
   * @return the value
   * @throws BufferUnderflowException when fewer than 8 bytes are buffered and more may arrive
   * @throws PartialReadException when fewer than 8 bytes are left before EOF
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  default long readLongLE() throws IOException {
    return Long.reverseBytes(readLong());
  }

  /**
   * Reads a little-endian unsigned 16-bit value; otherwise like {@link #readShort()}.
   *
   * @return the value, 0 to 65535
   * @throws BufferUnderflowException when fewer than 2 bytes are buffered and more may arrive
   * @throws PartialReadException when fewer than 2 bytes are left before EOF
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  default int readUnsignedShortLE() throws IOException {
    return Short.reverseBytes(readShort()) & 0xFFFF;
  }

  /**
   * Reads a little-endian unsigned 32-bit value; otherwise like {@link #readInt()}.
   *
   * @return the value, 0 to 2<sup>32</sup>-1
   * @throws BufferUnderflowException when fewer than 4 bytes are buffered and more may arrive
   * @throws PartialReadException when fewer than 4 bytes are left before EOF
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  default long readUnsignedIntLE() throws IOException {
    return Integer.reverseBytes(readInt()) & 0xFFFF_FFFFL;
  }

  /**
   * Returns the big-endian {@code short} in unread bytes {@code [index, index + 2)}, consuming
   * nothing, like {@link #byteAt(long)}.
   *
   * @param index the index of its first byte, relative to the read position
   * @return the value
   * @throws IndexOutOfBoundsException when {@code index < 0} or the bytes are not all buffered
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  short shortAt(long index);

  /**
   * Returns the big-endian {@code int} in unread bytes {@code [index, index + 4)}, consuming
   * nothing. A length-prefixed frame is complete when {@code length() >= 4} and {@code length() - 4
   * >= intAt(0)}, then a read. A peer may send any length: refuse a negative one, or one above what
   * you accept, before waiting for it (and do not add in {@code int}: {@code 4 + intAt(0)}
   * overflows to a negative number for a length near {@link Integer#MAX_VALUE}).
   *
   * @param index the index of its first byte, relative to the read position
   * @return the value
   * @throws IndexOutOfBoundsException when {@code index < 0} or the bytes are not all buffered
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  int intAt(long index);

  /**
   * Returns the big-endian {@code long} in unread bytes {@code [index, index + 8)}, consuming
   * nothing.
   *
   * @param index the index of its first byte, relative to the read position
   * @return the value
   * @throws IndexOutOfBoundsException when {@code index < 0} or the bytes are not all buffered
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  long longAt(long index);

  /**
   * Returns the little-endian {@code short} in unread bytes {@code [index, index + 2)}, consuming
   * nothing.
   *
   * @param index the index of its first byte, relative to the read position
   * @return the value
   * @throws IndexOutOfBoundsException when {@code index < 0} or the bytes are not all buffered
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  default short shortAtLE(long index) {
    return Short.reverseBytes(shortAt(index));
  }

  /**
   * Returns the little-endian {@code int} in unread bytes {@code [index, index + 4)}, consuming
   * nothing.
   *
   * @param index the index of its first byte, relative to the read position
   * @return the value
   * @throws IndexOutOfBoundsException when {@code index < 0} or the bytes are not all buffered
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  default int intAtLE(long index) {
    return Integer.reverseBytes(intAt(index));
  }

  /**
   * Returns the little-endian {@code long} in unread bytes {@code [index, index + 8)}, consuming
   * nothing.
   *
   * @param index the index of its first byte, relative to the read position
   * @return the value
   * @throws IndexOutOfBoundsException when {@code index < 0} or the bytes are not all buffered
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  default long longAtLE(long index) {
    return Long.reverseBytes(longAt(index));
  }

  /**
   * Parses unread bytes {@code [start, end)} as a signed number in {@code radix}, in place and
   * consuming nothing, exactly as {@link Long#parseLong(CharSequence, int, int, int)} parses the
   * characters with those codes (an optional {@code +} or {@code -}, then digits). A RESP length
   * or an HTTP chunk size is {@link #findByte(byte)}, {@code parseLong}, then {@link
   * #skip(long)}, with no copy:
   *
   * <pre>{@code
   * long cr = pipe.findByte((byte) '\r');               // "$5\r\n..." -> 2
   * long size = pipe.parseLong(1, cr, 10);               // 5
   * }</pre>
   *
   * @param start the index of the first byte, relative to the read position
   * @param end the index after the last byte
   * @param radix the radix, 2 to 36
   * @return the number
   * @throws IndexOutOfBoundsException when {@code start < 0}, {@code start > end} or {@code end >
   *     length()}
   * @throws NumberFormatException when the bytes are not a number in {@code radix} (empty, a lone
   *     sign, a byte that is not a digit), the number does not fit a {@code long}, or {@code radix}
   *     is outside 2..36; the message shows the bytes and where they went wrong
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  long parseLong(long start, long end, int radix);

  /**
   * Reads a line: the bytes up to the next LF ({@code '\n'}), without the LF and without a CR
   * ({@code '\r'}) just before it, decoded as UTF-8. The LF is consumed. Limits and EOF work as for
   * {@link #readUntil(byte[], boolean, long)}: a line whose LF does not lie within the first {@code
   * limit} bytes is refused with every byte left buffered, which bounds what a peer that never
   * sends a LF can make the reader hold; a last line without LF at EOF comes as a {@link
   * PartialReadException} carrying its bytes (check {@link #reachedEof()} to end a loop cleanly).
   *
   * @param limit the most bytes to search for the LF, the LF included, at least 1
   * @return the line, possibly empty; {@code null} when no LF is buffered yet
   * @throws IllegalArgumentException when {@code limit < 1}
   * @throws LimitExceededException when no LF lies within the first {@code limit} bytes
   * @throws PartialReadException at EOF with no LF buffered; it consumes and carries the rest
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  String readLine(long limit) throws IOException;

  /**
   * Reads exactly {@code n} bytes and decodes them with {@code charset}, replacing malformed input
   * as {@link String#String(byte[], Charset)} does. Bytes that lie in one heap chunk are decoded in
   * place, without an intermediate array.
   *
   * @param n how many bytes, at least 0
   * @param charset the encoding
   * @return the text; {@code null} while fewer than {@code n} bytes are buffered and more may arrive
   * @throws IllegalArgumentException when {@code n < 0}
   * @throws PartialReadException when fewer than {@code n} bytes are left before EOF; it consumes
   *     and carries them
   * @throws IOException when the pipe is empty and the writer failed
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  String readString(int n, Charset charset) throws IOException;

  // ---------------------------------------------------------------- search and inspection

  /**
   * Returns the index of the first {@code b} in {@code [start, end)}, or -1. {@code end} past the
   * buffered data is clamped; {@code end <= start} finds nothing.
   *
   * @param b the byte to find
   * @param start the first index to look at, relative to the read position
   * @param end the index after the last one to look at
   * @return the index relative to the read position, or -1 when {@code b} is not there
   * @throws IllegalArgumentException when {@code start < 0}
   * @throws IllegalStateException after {@code close}
   */
  long findByte(byte b, long start, long end);

  /**
   * Same as {@code findByte(b, 0, length())}: searches every unread byte.
   *
   * @param b the byte to find
   * @return the index relative to the read position, or -1 when {@code b} is not buffered
   * @throws IllegalStateException after {@code close}
   */
  long findByte(byte b);

  /**
   * Returns the index of the first occurrence of {@code s} lying wholly inside {@code [start, end)},
   * or -1. {@code end} past the buffered data is clamped; {@code end < start} finds nothing. An empty
   * {@code s} matches at {@code start} when {@code start <= length()} and {@code start <= end}: it
   * lies wholly inside the empty range {@code [start, start)} too, as with Python's {@code
   * bytes.find}.
   *
   * @param s the bytes to find
   * @param start the first index a match may start at, relative to the read position
   * @param end the index after the last byte a match may cover
   * @return the index of the match's first byte, relative to the read position, or -1
   * @throws IllegalArgumentException when {@code start < 0}
   * @throws IllegalStateException after {@code close}
   */
  long find(byte[] s, long start, long end);

  /**
   * Same as {@code find(s, 0, length())}: searches every unread byte.
   *
   * @param s the bytes to find
   * @return the index of the match's first byte, relative to the read position, or -1
   * @throws IllegalStateException after {@code close}
   */
  long find(byte[] s);

  /**
   * Returns the unread byte at {@code index} without consuming anything.
   *
   * @param index the index, relative to the read position
   * @return the byte
   * @throws IndexOutOfBoundsException when {@code index < 0} or {@code index >= length()}
   * @throws IllegalStateException after {@code close}
   */
  byte byteAt(long index);

  /**
   * Returns the number of unread bytes.
   *
   * @return the number of bytes buffered and not yet consumed
   * @throws IllegalStateException after {@code close}
   */
  long length();

  /**
   * Returns whether {@link #eof()}, {@link #eof(Throwable)} or {@link #close()} was called: whether
   * the writer is done. It does <em>not</em> say that nothing is left to read: after {@code eof()}
   * the buffered bytes can still be read, and {@link #reachedEof()} tells when they all have been.
   * Unlike most methods it may be called after {@code close()}.
   *
   * @return {@code true} once no more bytes can arrive
   */
  boolean isClosed();

  /**
   * Returns whether EOF was signalled and every byte has been read: the clean end of a read loop.
   *
   * @return {@code true} when the writer is done and nothing is left to read
   * @throws IllegalStateException after {@code close}
   */
  boolean reachedEof();

  // ---------------------------------------------------------------- streams and channels

  /**
   * Returns an input stream that reads (consumes) the pipe's bytes; {@code -1} at a clean EOF, the
   * writer's failure as an {@link IOException} after {@link #eof(Throwable)}. On a concurrent pipe
   * its reads wait for bytes. On any other pipe nothing can arrive while the reader waits, so a read
   * of an empty pipe that has not reached EOF throws {@link IllegalStateException}. Closing the stream
   * closes the pipe. The stream is a view: use it from the reader's thread.
   *
   * @return a stream over the unread bytes
   * @throws IllegalStateException after {@code close}
   */
  InputStream asInputStream();

  /**
   * Returns an output stream that copies into the pipe, waiting like {@link #getBuffer(int)} on a
   * concurrent pipe. {@code flush()} does nothing; {@code close()} calls {@link #eof()}. Use it from
   * the writer's thread.
   *
   * @return a stream that appends to the pipe
   * @throws IllegalStateException after {@code close}
   */
  OutputStream asOutputStream();

  /**
   * Writes unread bytes to {@code channel} and consumes what it took, with one gathering write per
   * round when the channel is a {@link GatheringByteChannel}. It stops when the pipe is empty or the
   * channel takes nothing (a full non-blocking channel).
   *
   * @param channel where the bytes go
   * @return the number of bytes written and consumed, possibly 0
   * @throws IOException what the channel threw; the bytes it took before are consumed, the rest stay
   */
  long writeTo(WritableByteChannel channel) throws IOException;

  // ---------------------------------------------------------------- concurrent pipes

  /**
   * Returns whether the pipe was built {@link Builder#concurrent(long, long) concurrent}.
   *
   * @return {@code true} for a pipe of one writer thread and one reader thread
   */
  boolean isConcurrent();

  /**
   * Like {@link #getBuffer(int)}, but returns {@code null} instead of waiting when a concurrent pipe
   * holds back its writer. On other pipes it is {@code getBuffer(sizeHint)}.
   *
   * @param sizeHint the least room wanted, or 0 or -1 for any
   * @return a buffer over free room, or {@code null} when a concurrent pipe holds its writer back
   * @throws IllegalArgumentException when {@code sizeHint < -1}
   * @throws IllegalStateException after {@code eof} or {@code close}, or as {@link #getBuffer(int)}
   * @throws BufferLimitExceededException as {@link #getBuffer(int)}
   */
  ByteBuffer tryGetBuffer(int sizeHint);

  /**
   * Retries {@code read} until it returns a result, waiting for the writer between tries. The read
   * runs with the pipe locked, so it must not block; it may throw, for example {@link
   * PartialReadException} once EOF makes it impossible, which ends the wait. A pipe closed while a
   * reader waits wakes it with {@link IllegalStateException}.
   *
   * @param <T> what the read returns
   * @param read the non-blocking read to retry, such as {@code p -> p.readExact(4)}
   * @return what {@code read} returned, never {@code null}
   * @throws IOException what {@code read} threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting; nothing was read
   * @throws IllegalStateException when the pipe is not concurrent and {@code read} returns {@code
   *     null}: nothing could arrive while this thread waits
   */
  <T> T await(PipeRead<T> read) throws IOException, InterruptedException;

  /**
   * Like {@link #await(PipeRead)}, but gives up after {@code timeout}.
   *
   * @param <T> what the read returns
   * @param read the non-blocking read to retry
   * @param timeout the longest wait
   * @param unit the unit of {@code timeout}
   * @return what {@code read} returned, or {@code null} when the time ran out; nothing was read then
   * @throws IOException what {@code read} threw
   * @throws InterruptedException when the thread is interrupted while waiting; nothing was read
   * @throws IllegalStateException as {@link #await(PipeRead)}
   */
  <T> T await(PipeRead<T> read, long timeout, TimeUnit unit)
      throws IOException, InterruptedException;

  /**
   * Waits until at least {@code n} bytes are unread, or EOF was signalled, and returns how many are
   * unread then. It is the wait for the typed reads, which have no {@code await} twins: {@code
   * await(p -> p.readInt())} works too, but boxes each value that is not a small one.
   *
   * <pre>{@code
   * while (pipe.awaitAtLeast(4) >= 4) {
   *   int value = pipe.readInt();
   *   ...
   * }
   * }</pre>
   *
   * <p>On a pipe that is not concurrent nothing can arrive while this thread waits, so it returns at
   * once when the bytes are there or EOF was signalled, and throws {@link IllegalStateException}
   * otherwise.
   *
   * @param n how many bytes to wait for, at least 0
   * @return the number of unread bytes: at least {@code n}, unless EOF came first
   * @throws IllegalArgumentException when {@code n < 0}
   * @throws LimitExceededException when {@code n} bytes can never be buffered at once: {@code n}
   *     is more than the pipe's {@link Builder#maxBufferedBytes(long) limit}, or the writer was
   *     refused by it
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException after {@code close}, or when a pipe that is not concurrent has
   *     fewer bytes and no EOF
   * @since 0.2
   */
  long awaitAtLeast(long n) throws InterruptedException, LimitExceededException;

  /**
   * Like {@link #awaitAtLeast(long)}, but gives up after {@code timeout}.
   *
   * @param n how many bytes to wait for, at least 0
   * @param timeout the longest wait
   * @param unit the unit of {@code timeout}
   * @return the number of unread bytes, fewer than {@code n} when the time ran out or EOF came
   * @throws IllegalArgumentException when {@code n < 0}
   * @throws LimitExceededException when {@code n} bytes can never be buffered at once
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException after {@code close}
   * @since 0.2
   */
  long awaitAtLeast(long n, long timeout, TimeUnit unit)
      throws InterruptedException, LimitExceededException;

  /**
   * Waits for {@link #readExact(int)}; see {@link #await(PipeRead)}.
   *
   * @param n how many bytes, at least 0
   * @return the bytes
   * @throws IOException what the read threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException when the pipe is closed, or is not concurrent and the bytes are not
   *     there
   */
  default byte[] awaitReadExact(int n) throws IOException, InterruptedException {
    return await(p -> p.readExact(n));
  }

  /**
   * Waits at most {@code timeout} for {@link #readExact(int)}.
   *
   * @param n how many bytes, at least 0
   * @param timeout the longest wait
   * @param unit the unit of {@code timeout}
   * @return the bytes, or {@code null} when the time ran out
   * @throws IOException what the read threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException when the pipe is closed, or is not concurrent and the bytes are not
   *     there
   */
  default byte[] awaitReadExact(int n, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    return await(p -> p.readExact(n), timeout, unit);
  }

  /**
   * Waits for {@link #readUntil(byte[], boolean, long)}; see {@link #await(PipeRead)}.
   *
   * @param separator the bytes that end a message, not empty
   * @param skipSeparator whether to leave the separator out of the result
   * @param limit the most bytes to search, the separator included, at least 1
   * @return the bytes
   * @throws IOException what the read threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException when the pipe is closed, or is not concurrent and the bytes are not
   *     there
   */
  default byte[] awaitReadUntil(byte[] separator, boolean skipSeparator, long limit)
      throws IOException, InterruptedException {
    return await(p -> p.readUntil(separator, skipSeparator, limit));
  }

  /**
   * Waits at most {@code timeout} for {@link #readUntil(byte[], boolean, long)}.
   *
   * @param separator the bytes that end a message, not empty
   * @param skipSeparator whether to leave the separator out of the result
   * @param limit the most bytes to search, the separator included, at least 1
   * @param timeout the longest wait
   * @param unit the unit of {@code timeout}
   * @return the bytes, or {@code null} when the time ran out
   * @throws IOException what the read threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException when the pipe is closed, or is not concurrent and the bytes are not
   *     there
   */
  default byte[] awaitReadUntil(
      byte[] separator, boolean skipSeparator, long limit, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    return await(p -> p.readUntil(separator, skipSeparator, limit), timeout, unit);
  }

  /**
   * Waits for {@link #peekExact(int)}; see {@link #await(PipeRead)}.
   *
   * @param n how many bytes, at least 0
   * @return a copy of the bytes, which stay buffered
   * @throws IOException what the read threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException when the pipe is closed, or is not concurrent and the bytes are not
   *     there
   */
  default byte[] awaitPeekExact(int n) throws IOException, InterruptedException {
    return await(p -> p.peekExact(n));
  }

  /**
   * Waits at most {@code timeout} for {@link #peekExact(int)}.
   *
   * @param n how many bytes, at least 0
   * @param timeout the longest wait
   * @param unit the unit of {@code timeout}
   * @return a copy of the bytes, or {@code null} when the time ran out
   * @throws IOException what the read threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException when the pipe is closed, or is not concurrent and the bytes are not
   *     there
   */
  default byte[] awaitPeekExact(int n, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    return await(p -> p.peekExact(n), timeout, unit);
  }

  /**
   * Waits until {@link #skipExact(long)} succeeds; see {@link #await(PipeRead)}.
   *
   * @param n how many bytes, at least 0
   * @throws IOException what the read threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException when the pipe is closed, or is not concurrent and the bytes are not
   *     there
   */
  default void awaitSkipExact(long n) throws IOException, InterruptedException {
    await(p -> p.skipExact(n) ? Boolean.TRUE : null);
  }

  /**
   * Waits at most {@code timeout} until {@link #skipExact(long)} succeeds.
   *
   * @param n how many bytes, at least 0
   * @param timeout the longest wait
   * @param unit the unit of {@code timeout}
   * @return {@code true} when skipped; {@code false}, having skipped nothing, when the time ran out
   * @throws IOException what the read threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException when the pipe is closed, or is not concurrent and the bytes are not
   *     there
   */
  default boolean awaitSkipExact(long n, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    return await(p -> p.skipExact(n) ? Boolean.TRUE : null, timeout, unit) != null;
  }

  /**
   * Waits for {@link #readExactZeroCopy(int)}; see {@link #await(PipeRead)}.
   *
   * @param n how many bytes, at least 0
   * @return a sequence the caller must close
   * @throws IOException what the read threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException when the pipe is closed, or is not concurrent and the bytes are not
   *     there
   */
  default ByteSequence awaitReadExactZeroCopy(int n) throws IOException, InterruptedException {
    return await(p -> p.readExactZeroCopy(n));
  }

  /**
   * Waits at most {@code timeout} for {@link #readExactZeroCopy(int)}.
   *
   * @param n how many bytes, at least 0
   * @param timeout the longest wait
   * @param unit the unit of {@code timeout}
   * @return a sequence the caller must close, or {@code null} when the time ran out
   * @throws IOException what the read threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException when the pipe is closed, or is not concurrent and the bytes are not
   *     there
   */
  default ByteSequence awaitReadExactZeroCopy(int n, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    return await(p -> p.readExactZeroCopy(n), timeout, unit);
  }

  /**
   * Waits for {@link #readUntilZeroCopy(byte[], boolean, long)}; see {@link #await(PipeRead)}.
   *
   * @param separator the bytes that end a message, not empty
   * @param skipSeparator whether to leave the separator out of the result
   * @param limit the most bytes to search, the separator included, at least 1
   * @return a sequence the caller must close
   * @throws IOException what the read threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException when the pipe is closed, or is not concurrent and the bytes are not
   *     there
   */
  default ByteSequence awaitReadUntilZeroCopy(byte[] separator, boolean skipSeparator, long limit)
      throws IOException, InterruptedException {
    return await(p -> p.readUntilZeroCopy(separator, skipSeparator, limit));
  }

  /**
   * Waits at most {@code timeout} for {@link #readUntilZeroCopy(byte[], boolean, long)}.
   *
   * @param separator the bytes that end a message, not empty
   * @param skipSeparator whether to leave the separator out of the result
   * @param limit the most bytes to search, the separator included, at least 1
   * @param timeout the longest wait
   * @param unit the unit of {@code timeout}
   * @return a sequence the caller must close, or {@code null} when the time ran out
   * @throws IOException what the read threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException when the pipe is closed, or is not concurrent and the bytes are not
   *     there
   */
  default ByteSequence awaitReadUntilZeroCopy(
      byte[] separator, boolean skipSeparator, long limit, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    return await(p -> p.readUntilZeroCopy(separator, skipSeparator, limit), timeout, unit);
  }

  /**
   * Waits for {@link #peekExactZeroCopy(int)}; see {@link #await(PipeRead)}.
   *
   * @param n how many bytes, at least 0
   * @return a sequence the caller must close
   * @throws IOException what the read threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException when the pipe is closed, or is not concurrent and the bytes are not
   *     there
   */
  default ByteSequence awaitPeekExactZeroCopy(int n) throws IOException, InterruptedException {
    return await(p -> p.peekExactZeroCopy(n));
  }

  /**
   * Waits at most {@code timeout} for {@link #peekExactZeroCopy(int)}.
   *
   * @param n how many bytes, at least 0
   * @param timeout the longest wait
   * @param unit the unit of {@code timeout}
   * @return a sequence the caller must close, or {@code null} when the time ran out
   * @throws IOException what the read threw, such as {@link PartialReadException} at EOF
   * @throws InterruptedException when the thread is interrupted while waiting
   * @throws IllegalStateException when the pipe is closed, or is not concurrent and the bytes are not
   *     there
   */
  default ByteSequence awaitPeekExactZeroCopy(int n, long timeout, TimeUnit unit)
      throws IOException, InterruptedException {
    return await(p -> p.peekExactZeroCopy(n), timeout, unit);
  }

  /**
   * Releases every chunk the pipe holds back to its pool, then runs the actions registered with
   * {@link #onClose(Runnable)}. Idempotent. {@link ByteSequence}s already handed out stay valid
   * until they are closed.
   *
   * @throws RuntimeException the first exception an {@code onClose} action threw, with those of
   *     later actions suppressed; the pipe is closed all the same, and every action ran
   */
  @Override
  void close();

  /**
   * Registers {@code action} to run once when {@link #close()} closes this pipe, so that a writer
   * that is not inside a call of the pipe hears at once that the reader has gone: an HTTP body
   * subscriber cancels its exchange, a proxy stops reading its upstream. {@link #eof()} does not
   * run it: the end of the bytes is not the end of the pipe.
   *
   * <p>Actions run on the thread that calls {@code close()}, after the pipe has given back its
   * chunks (on a concurrent pipe, also after it has released its lock), in the order they were
   * registered. On a pipe that is closed already the action runs at once, on the calling thread:
   * this method, unlike the others, may be called after {@code close()}, and a registration never
   * misses a close that races with it. On a concurrent pipe the reader and the writer may both call
   * it. An action should be quick; it must not wait for anything the closing thread would have to
   * do first. If actions throw, every action still runs, and {@code close()} throws the first
   * exception (see there); an action run at once by this method throws from this method.
   *
   * @param action what to run on close; kept until then
   * @throws NullPointerException when {@code action} is null; nothing is registered
   * @since 0.2
   */
  void onClose(Runnable action);

  /**
   * Configures a pipe. Not thread-safe; a builder may build several pipes.
   *
   * <p>Chunk sizes bound how many bytes one chunk holds: the pipe starts at {@code minChunkSize},
   * grows towards {@code maxChunkSize} when writes fill a chunk while more than a chunk's worth is
   * unread, and shrinks again when the pipe drains with its chunk less than half full; many small
   * writes that the reader keeps up with stay in small chunks.
   * The defaults are {@value #DEFAULT_MIN_CHUNK_SIZE} and {@value #DEFAULT_MAX_CHUNK_SIZE} bytes.
   * Setting only one bound moves the other's default so that {@code min <= max}.
   */
  final class Builder {
    /** Smallest chunk size used when none is set. */
    public static final int DEFAULT_MIN_CHUNK_SIZE = 4096;

    /** Largest chunk size used when none is set. */
    public static final int DEFAULT_MAX_CHUNK_SIZE = 256 * 1024;

    private ChunkPool pool;
    private String poolName;
    private int minChunkSize;
    private int maxChunkSize;
    private boolean minSet;
    private boolean maxSet;
    private boolean concurrent;
    private boolean debug = Providers.debugByDefault();
    private long maxBufferedBytes = Long.MAX_VALUE;
    private long pauseAtBytes;
    private long resumeAtBytes;

    Builder() {}

    /**
     * Uses the pool registered under {@code name} (see {@link ChunkPools#get(String)}). Looked up
     * by {@link #build()}.
     *
     * @param name the pool's registered name, such as {@code "heap"}
     * @return this builder
     */
    public Builder pool(String name) {
      this.poolName = Objects.requireNonNull(name, "name");
      this.pool = null;
      return this;
    }

    /**
     * Uses {@code pool} for every chunk, registered or not.
     *
     * @param pool the pool to borrow chunks from
     * @return this builder
     */
    public Builder pool(ChunkPool pool) {
      this.pool = Objects.requireNonNull(pool, "pool");
      this.poolName = null;
      return this;
    }

    /**
     * Sets the smallest chunk size; checked by {@link #build()}.
     *
     * @param bytes the smallest number of data bytes a chunk holds, at least 1
     * @return this builder
     */
    public Builder minChunkSize(int bytes) {
      this.minChunkSize = bytes;
      this.minSet = true;
      return this;
    }

    /**
     * Sets the largest number of data bytes a chunk holds; checked by {@link #build()}.
     *
     * @param bytes the largest chunk size, at least 1
     * @return this builder
     */
    public Builder maxChunkSize(int bytes) {
      this.maxChunkSize = bytes;
      this.maxSet = true;
      return this;
    }

    /**
     * Makes the pipe concurrent: one writer thread and one reader thread may use it at once. The
     * writer's {@link Pipe#getBuffer(int)} (and {@code write}, {@code readFrom}) waits while more
     * than {@code pauseAtBytes} bytes are unread, until the reader brings them down to {@code
     * resumeAtBytes}, and while the pipe's chunks would hold more than {@code pauseAtBytes +
     * maxChunkSize} bytes of memory; the reader may wait for data with {@link Pipe#await(PipeRead)}
     * and its named twins. While the reader waits for more bytes than are buffered, the writer is
     * not held back (a read that needs more than {@code pauseAtBytes} would otherwise wait
     * forever), so unread bytes stay at most {@code pauseAtBytes} plus one lent buffer, or what
     * such a read needs; set {@link #maxBufferedBytes(long)} too to bound that case.
     *
     * <p>An interrupt never lets a held writer through: {@code getBuffer} and {@code write} throw
     * {@link java.util.concurrent.CancellationException}, {@code readFrom} and the output stream
     * {@link java.io.InterruptedIOException}, with nothing written and the interrupt status kept. A
     * second thread that calls a writer-side method while one is inside a call (or holds a lent
     * buffer), or a reader-side method while another waits in {@code await}, gets an {@link
     * IllegalStateException} naming that thread; threads may take turns between calls. Checked by
     * {@link #build()}: {@code 1 <= pauseAtBytes} and {@code 0 <= resumeAtBytes <=
     * pauseAtBytes}.
     *
     * @param pauseAtBytes hold the writer while more than this many bytes are unread
     * @param resumeAtBytes let a held writer go on once no more than this many are unread
     * @return this builder
     */
    public Builder concurrent(long pauseAtBytes, long resumeAtBytes) {
      this.concurrent = true;
      this.pauseAtBytes = pauseAtBytes;
      this.resumeAtBytes = resumeAtBytes;
      return this;
    }

    /**
     * Caps what a peer can make the pipe hold: at most {@code bytes} unread bytes, and at most
     * {@code bytes + maxChunkSize} bytes of chunk memory in the pipe's own list (or {@code bytes}
     * plus one larger {@code getBuffer} hint), whatever the writer does; chunks kept alive only by
     * open {@link ByteSequence}s are the caller's and do not count. A {@code write} or {@code
     * getBuffer} that would go past either throws {@link BufferLimitExceededException}, and {@link
     * Pipe#readFrom} throws {@link LimitExceededException}, committing nothing; {@code getBuffer}
     * never lends more room than the limit leaves, so {@code bufferWritten} cannot go past it.
     * Without a cap (the default) the pipe grows as long as memory lasts. Checked by {@link
     * #build()}: at least 1.
     *
     * @param bytes the most unread bytes, at least 1
     * @return this builder
     */
    public Builder maxBufferedBytes(long bytes) {
      this.maxBufferedBytes = bytes;
      return this;
    }

    /**
     * Turns debug checks on or off; the default is the system property {@code
     * io.github.chunkedbuffer.debug}. With them on, a pipe or {@link ByteSequence} that becomes
     * unreachable without {@code close()} is reported through {@link System.Logger} at WARNING with
     * the stack trace of its creation, and its chunks are reclaimed; chunks are overwritten with a
     * poison pattern when they go back to the pool, so reading released memory shows. The checks
     * cost a stack trace per pipe and sequence; with them off they cost nothing.
     *
     * @param on whether to check
     * @return this builder
     */
    public Builder debug(boolean on) {
      this.debug = on;
      return this;
    }

    /**
     * Builds a pipe.
     *
     * @return a new pipe, which the caller must close
     * @throws IllegalArgumentException when a chunk size is below 1, when {@code min > max}, when the
     *     concurrent thresholds are out of range, or when the pool name is unknown (the message
     *     lists the names found)
     * @throws IllegalStateException when no implementation is present
     */
    public Pipe build() {
      if ((minSet && minChunkSize < 1) || (maxSet && maxChunkSize < 1)) {
        throw new IllegalArgumentException(
            "chunk sizes must be at least 1, got minChunkSize="
                + (minSet ? Integer.toString(minChunkSize) : "(default)")
                + ", maxChunkSize="
                + (maxSet ? Integer.toString(maxChunkSize) : "(default)"));
      }
      int min = minSet ? minChunkSize : DEFAULT_MIN_CHUNK_SIZE;
      int max = maxSet ? maxChunkSize : DEFAULT_MAX_CHUNK_SIZE;
      if (minSet && !maxSet) {
        max = Math.max(max, min);
      } else if (maxSet && !minSet) {
        min = Math.min(min, max);
      } else if (min > max) {
        throw new IllegalArgumentException(
            "minChunkSize " + min + " is larger than maxChunkSize " + max + "; need min <= max");
      }
      if (concurrent && (pauseAtBytes < 1 || resumeAtBytes < 0 || resumeAtBytes > pauseAtBytes)) {
        throw new IllegalArgumentException(
            "concurrent("
                + pauseAtBytes
                + ", "
                + resumeAtBytes
                + "): need 1 <= pauseAtBytes and 0 <= resumeAtBytes <= pauseAtBytes");
      }
      if (maxBufferedBytes < 1) {
        throw new IllegalArgumentException(
            "maxBufferedBytes(" + maxBufferedBytes + "): the limit must be at least 1");
      }
      ChunkPool chosen =
          pool != null
              ? pool
              : poolName != null ? ChunkPools.get(poolName) : ChunkPools.defaultPool();
      return Providers.pipeProvider()
          .create(
              new PipeOptions(
                  chosen,
                  min,
                  max,
                  concurrent,
                  concurrent ? pauseAtBytes : Long.MAX_VALUE,
                  concurrent ? resumeAtBytes : Long.MAX_VALUE,
                  maxBufferedBytes,
                  debug));
    }
  }
}
