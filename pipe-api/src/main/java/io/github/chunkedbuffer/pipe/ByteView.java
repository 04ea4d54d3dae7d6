package io.github.chunkedbuffer.pipe;

import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.Charset;

/**
 * Read-only access to a stretch of bytes that lie in a pipe's chunks, in place: nothing is copied
 * until a method says so.
 *
 * <p>A view is one of two things, and they differ only in how long it stays valid:
 *
 * <ul>
 *   <li>a {@link ByteSequence}, which a zero-copy read such as {@link Pipe#readExactZeroCopy(int)}
 *       hands out: a lease that holds its chunks, valid on any thread until it is {@linkplain
 *       ByteSequence#close() closed};
 *   <li>a view borrowed from a pipe with {@code Pipe.newView()} and pointed at bytes by the pipe's
 *       view-taking reads: it holds nothing and allocates nothing, and is valid only until the
 *       pipe's next call that consumes, writes, lends a buffer or closes (or until it is pointed
 *       again). After that every method throws {@link IllegalStateException} ("stale view").
 * </ul>
 *
 * <p>Indices are relative to the view: index 0 is its first byte, {@link #length()} is one past its
 * last. Multi-byte getters read big-endian, as {@link ByteBuffer} and Netty's {@code ByteBuf} do;
 * the {@code LE} twins read little-endian. A getter whose bytes do not all lie inside the view
 * throws {@link IndexOutOfBoundsException} with the index and the length in its message.
 *
 * <p>Every method throws {@link IllegalStateException} once the view is no longer valid (a closed
 * sequence, a stale borrowed view), and {@link NullPointerException} for a {@code null} argument.
 *
 * @since 0.2
 */
public interface ByteView {

  /**
   * Returns the number of bytes in the view.
   *
   * @return the length, at least 0
   * @throws IllegalStateException when the view is no longer valid
   */
  long length();

  /**
   * Returns the number of contiguous regions the bytes lie in.
   *
   * @return the number of regions, 0 for an empty view
   * @throws IllegalStateException when the view is no longer valid
   */
  int segmentCount();

  /**
   * Returns region {@code i} as a new read-only buffer, position 0, limit its length, big-endian.
   * The buffer shares the chunk's memory and is valid exactly as long as the view is.
   *
   * @param i the region, from 0
   * @return a read-only buffer over the region
   * @throws IndexOutOfBoundsException when {@code i < 0} or {@code i >= segmentCount()}
   * @throws IllegalStateException when the view is no longer valid
   */
  ByteBuffer segment(int i);

  /**
   * Returns the byte at {@code index}.
   *
   * @param index the index, from 0
   * @return the byte
   * @throws IndexOutOfBoundsException when {@code index < 0} or {@code index >= length()}
   * @throws IllegalStateException when the view is no longer valid
   */
  byte byteAt(long index);

  /**
   * Returns the big-endian {@code short} in bytes {@code [index, index + 2)}.
   *
   * @param index the index of its first byte
   * @return the value
   * @throws IndexOutOfBoundsException when {@code index < 0} or {@code index + 2 > length()}
   * @throws IllegalStateException when the view is no longer valid
   * @since 0.2
   */
  short shortAt(long index);

  /**
   * Returns the big-endian {@code int} in bytes {@code [index, index + 4)}.
   *
   * @param index the index of its first byte
   * @return the value
   * @throws IndexOutOfBoundsException when {@code index < 0} or {@code index + 4 > length()}
   * @throws IllegalStateException when the view is no longer valid
   * @since 0.2
   */
  int intAt(long index);

  /**
   * Returns the big-endian {@code long} in bytes {@code [index, index + 8)}.
   *
   * @param index the index of its first byte
   * @return the value
   * @throws IndexOutOfBoundsException when {@code index < 0} or {@code index + 8 > length()}
   * @throws IllegalStateException when the view is no longer valid
   * @since 0.2
   */
  long longAt(long index);

  /**
   * Returns the little-endian {@code short} in bytes {@code [index, index + 2)}.
   *
   * @param index the index of its first byte
   * @return the value
   * @throws IndexOutOfBoundsException when {@code index < 0} or {@code index + 2 > length()}
   * @throws IllegalStateException when the view is no longer valid
   * @since 0.2
   */
  short shortAtLE(long index);

  /**
   * Returns the little-endian {@code int} in bytes {@code [index, index + 4)}.
   *
   * @param index the index of its first byte
   * @return the value
   * @throws IndexOutOfBoundsException when {@code index < 0} or {@code index + 4 > length()}
   * @throws IllegalStateException when the view is no longer valid
   * @since 0.2
   */
  int intAtLE(long index);

  /**
   * Returns the little-endian {@code long} in bytes {@code [index, index + 8)}.
   *
   * @param index the index of its first byte
   * @return the value
   * @throws IndexOutOfBoundsException when {@code index < 0} or {@code index + 8 > length()}
   * @throws IllegalStateException when the view is no longer valid
   * @since 0.2
   */
  long longAtLE(long index);

  /**
   * Parses bytes {@code [start, end)} as a signed number in {@code radix}, in place, exactly as
   * {@link Long#parseLong(CharSequence, int, int, int)} parses the same characters (each byte taken
   * as the character of that code, so only ASCII digits, letters and a leading {@code +} or {@code
   * -} can be valid). A RESP length or an HTTP chunk size is {@code indexOf} then {@code
   * parseLong}, with no copy.
   *
   * @param start the index of the first byte
   * @param end the index after the last byte
   * @param radix the radix, 2 to 36
   * @return the number
   * @throws IndexOutOfBoundsException when {@code start < 0}, {@code end > length()} or {@code
   *     start > end}
   * @throws NumberFormatException when the bytes are not a number in {@code radix} (an empty range,
   *     a lone sign, a byte that is not a digit) or the number does not fit a {@code long}, or when
   *     {@code radix} is outside 2..36; the message shows the bytes
   * @throws IllegalStateException when the view is no longer valid
   * @since 0.2
   */
  long parseLong(long start, long end, int radix);

  /**
   * Returns the index of the first {@code b} at or after {@code from}, or -1.
   *
   * @param b the byte to find
   * @param from where to start; a value past the end finds nothing
   * @return the index, or -1 when there is none
   * @throws IllegalArgumentException when {@code from < 0}
   * @throws IllegalStateException when the view is no longer valid
   * @since 0.2
   */
  long indexOf(byte b, long from);

  /**
   * Returns the index of the first occurrence of {@code s} that starts at or after {@code from} and
   * lies wholly inside the view, or -1. An empty {@code s} matches at {@code from} when {@code from
   * <= length()}.
   *
   * @param s the bytes to find
   * @param from where to start
   * @return the index, or -1 when there is none
   * @throws IllegalArgumentException when {@code from < 0}
   * @throws IllegalStateException when the view is no longer valid
   * @since 0.2
   */
  long indexOf(byte[] s, long from);

  /**
   * Returns whether the bytes at {@code offset} are {@code bytes}. A range that does not lie inside
   * the view (a negative {@code offset} included) is not equal: the answer is {@code false}, as
   * with Okio's {@code rangeEquals}.
   *
   * @param offset the index where the comparison starts
   * @param bytes the expected bytes
   * @return whether {@code bytes.length} bytes at {@code offset} equal {@code bytes}
   * @throws IllegalStateException when the view is no longer valid
   * @since 0.2
   */
  boolean rangeEquals(long offset, byte[] bytes);

  /**
   * Copies every byte into {@code dst} at its position and advances it.
   *
   * @param dst where the bytes go
   * @throws BufferOverflowException when {@code dst.remaining() < length()}; nothing is copied
   * @throws java.nio.ReadOnlyBufferException when {@code dst} is read-only
   * @throws IllegalStateException when the view is no longer valid
   */
  void copyTo(ByteBuffer dst);

  /**
   * Returns a copy of every byte, in a new array the caller owns.
   *
   * @return the bytes
   * @throws IllegalStateException when the view is longer than an array can be, or no longer valid
   */
  byte[] toByteArray();

  /**
   * Decodes every byte with {@code charset}, replacing malformed input as {@link
   * String#String(byte[], Charset)} does.
   *
   * @param charset the charset
   * @return the text
   * @throws IllegalStateException when the view is longer than an array can be, or no longer valid
   */
  String toString(Charset charset);

  /**
   * Returns whether the view holds exactly the bytes of {@code bytes}.
   *
   * @param bytes the bytes to compare with
   * @return whether the lengths and every byte are equal
   * @throws IllegalStateException when the view is no longer valid
   */
  boolean contentEquals(byte[] bytes);

  /**
   * Performs one gathering write of the bytes that earlier {@code writeTo} calls on this view have
   * not written yet. Call it in a loop to drain into a non-blocking channel. The view keeps the
   * count, so it is for one thread at a time.
   *
   * @param channel where the bytes go
   * @return the number of bytes written by this call (0 when everything was already written)
   * @throws IOException what the channel threw; the bytes it took before are counted as written
   * @throws IllegalStateException when the view is no longer valid
   */
  long writeTo(GatheringByteChannel channel) throws IOException;

  /**
   * Returns the bytes as a multi-line dump for debugging: per line the offset (8 hex digits), 16
   * bytes in hex in two groups of eight, and the same bytes as ASCII between bars, with {@code .}
   * for bytes that are not printable; a last line holds the length. The string is about four times
   * as long as the view.
   *
   * <pre>
   * 00000000  2a 32 0d 0a 24 33 0d 0a  47 45 54 0d 0a 24 31 0d  |*2..$3..GET..$1.|
   * 00000010  0a 6b 0d 0a                                       |.k..|
   * 00000014
   * </pre>
   *
   * @return the dump; {@code "00000000\n"} for an empty view
   * @throws IllegalStateException when the dump is longer than a string can be, or the view is no
   *     longer valid
   * @since 0.2
   */
  String hexDump();
}
