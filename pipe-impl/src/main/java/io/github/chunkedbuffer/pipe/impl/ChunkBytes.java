package io.github.chunkedbuffer.pipe.impl;

import java.nio.charset.Charset;

/**
 * Values, numbers, text and dumps read from bytes that run along chunk links, written once for every
 * face that reads them: a {@link ChunkRange} (a {@code ByteSequence} or a borrowed view) and the
 * unread bytes of a {@link ChunkedPipe}. Nothing here allocates except what a method returns.
 *
 * <p>A place in such bytes is a chunk and an index into it. The bytes of a chunk end at its {@code
 * writeIndex} and continue at index 0 of its {@link Chunk#next}: only the first chunk of a range
 * (the pipe's head, a sequence's first chunk) starts at an offset, and every later one holds its
 * data from index 0, whatever its {@code readIndex} says by now. An index may lie past its chunk's
 * {@code writeIndex}; the methods walk on to the chunk that holds it. Callers check bounds first:
 * these methods read exactly the bytes asked for, which must exist.
 */
final class ChunkBytes {
  private ChunkBytes() {}

  /** How many bytes of a range {@link #describe} shows. */
  static final int DESCRIBE_BYTES = 16;

  /** How many bytes of the text a {@link NumberFormatException} message shows. */
  private static final int SHOWN_TEXT = 64;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  // ---------------------------------------------------------------- typed values

  /**
   * Returns the {@code size}-byte value (1, 2, 4 or 8) at place {@code (c, at)}, big-endian or
   * little-endian, sign-extended to a {@code long}: one access when it lies in one chunk, byte by
   * byte when it straddles chunks.
   */
  static long get(Chunk c, long at, int size, boolean le) {
    Chunk chunk = c;
    long i = at;
    while (i >= chunk.writeIndex) {
      i -= chunk.writeIndex;
      chunk = chunk.next;
    }
    int index = (int) i;
    if (index > chunk.writeIndex - size) {
      return straddling(chunk, index, size, le);
    }
    return switch (size) {
      case Byte.BYTES -> chunk.get(index);
      case Short.BYTES -> le ? chunk.getShortLE(index) : chunk.getShort(index);
      case Integer.BYTES -> le ? chunk.getIntLE(index) : chunk.getInt(index);
      default -> le ? chunk.getLongLE(index) : chunk.getLong(index);
    };
  }

  /** {@link #get} for a value that starts at {@code (c, at)} and runs into later chunks. */
  private static long straddling(Chunk c, int at, int size, boolean le) {
    Chunk chunk = c;
    int i = at;
    long value = 0;
    for (int k = 0; k < size; k++) {
      while (i >= chunk.writeIndex) {
        chunk = chunk.next;
        i = 0;
      }
      long b = chunk.get(i++) & 0xFFL;
      value = le ? value | (b << (Byte.SIZE * k)) : (value << Byte.SIZE) | b;
    }
    int unused = Long.SIZE - Byte.SIZE * size;
    return (value << unused) >> unused;
  }

  // ---------------------------------------------------------------- numbers

  /**
   * Parses the {@code count} bytes at {@code (c, at)} exactly as {@link Long#parseLong(CharSequence,
   * int, int, int)} parses the characters with those codes: an optional sign, then at least one
   * digit of {@code radix}, the value within {@code long}.
   *
   * <p>Like the JDK it accumulates the value negatively, so that {@link Long#MIN_VALUE} needs no
   * special case, and checks before each step that the next multiplication and subtraction cannot
   * overflow.
   *
   * @param start the caller's index of the first byte, for messages: {@code "parseLong(0, 3, 10)"}
   *     is built only when one is thrown, so that parsing allocates nothing
   * @throws NumberFormatException with the call, the text and the index where it went wrong
   */
  static long parseLong(Chunk c, long at, long count, int radix, long start) {
    if (radix < Character.MIN_RADIX || radix > Character.MAX_RADIX) {
      throw new NumberFormatException(
          ChunkRange.parseCall(start, start + count, radix) + ": radix " + radix + " is outside " + Character.MIN_RADIX + ".." + Character.MAX_RADIX);
    }
    if (count == 0) {
      throw new NumberFormatException(
          ChunkRange.parseCall(start, start, radix) + ": the range is empty, which is not a number");
    }
    Chunk chunk = c;
    long skip = at;
    while (skip >= chunk.writeIndex) {
      skip -= chunk.writeIndex;
      chunk = chunk.next;
    }
    int i = (int) skip;
    long index = 0;
    boolean negative = false;
    long limit = -Long.MAX_VALUE;
    byte first = chunk.get(i);
    if (first < '0') { // a sign, or nothing a number can start with (bytes >= 0x80 are negative)
      if (first == '-') {
        negative = true;
        limit = Long.MIN_VALUE;
      } else if (first != '+') {
        throw notANumber(c, at, count, radix, start, 0);
      }
      i++;
      index++;
      if (count == 1) {
        throw notANumber(c, at, count, radix, start, 1);
      }
    }
    long multmin = limit / radix;
    long result = 0;
    while (index < count) {
      while (i >= chunk.writeIndex) {
        chunk = chunk.next;
        i = 0;
      }
      int end = (int) Math.min(chunk.writeIndex, i + (count - index));
      for (; i < end; i++, index++) {
        int digit = digit(chunk.get(i), radix);
        if (digit < 0 || result < multmin) {
          throw notANumber(c, at, count, radix, start, index);
        }
        result *= radix;
        if (result < limit + digit) {
          throw notANumber(c, at, count, radix, start, index);
        }
        result -= digit;
      }
    }
    return negative ? result : -result;
  }

  /** The value of ASCII digit or letter {@code b} in {@code radix}, or -1, as {@link Character#digit}. */
  private static int digit(byte b, int radix) {
    int d;
    if (b >= '0' && b <= '9') {
      d = b - '0';
    } else if (b >= 'a' && b <= 'z') {
      d = b - 'a' + 10;
    } else if (b >= 'A' && b <= 'Z') {
      d = b - 'A' + 10;
    } else {
      return -1;
    }
    return d < radix ? d : -1;
  }

  private static NumberFormatException notANumber(
      Chunk c, long at, long count, int radix, long start, long index) {
    String call = ChunkRange.parseCall(start, start + count, radix);
    // A digit where it failed means the value grew too large; anything else is not a number.
    boolean overflow = index < count && digit((byte) get(c, at + index, 1, false), radix) >= 0;
    String what = overflow ? "does not fit a long" : "is not a number in radix " + radix;
    return new NumberFormatException(
        call + ": \"" + text(c, at, count) + "\" " + what + " (error at index " + index + ")");
  }

  /** The bytes as text for a message: printable ASCII as is, others as {@code \xNN}; bounded. */
  private static String text(Chunk c, long at, long count) {
    byte[] shown = new byte[(int) Math.min(count, SHOWN_TEXT)];
    copy(c, at, shown, 0, shown.length);
    StringBuilder sb = new StringBuilder();
    for (byte value : shown) {
      int b = value & 0xFF;
      if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {
        sb.append((char) b);
      } else {
        sb.append("\\x").append(HEX[b >>> 4]).append(HEX[b & 0xF]);
      }
    }
    if (shown.length < count) {
      sb.append("...(").append(count).append(" bytes)");
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- copies and text

  /**
   * The number of bytes {@link ChunkQueue#writeUtf8} writes for {@code text}: what {@code
   * String.getBytes(UTF_8)} would return, an unpaired surrogate counting as one {@code '?'}.
   */
  static long utf8Length(CharSequence text) {
    int n = text.length();
    long bytes = n;
    for (int i = 0; i < n; i++) {
      char ch = text.charAt(i);
      if (ch < 0x80) {
        continue;
      }
      if (ch < 0x800) {
        bytes += 1;
      } else if (Character.isSurrogate(ch)) {
        if (Character.isHighSurrogate(ch)
            && i + 1 < n
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          bytes += 2; // four bytes for two chars
          i++;
        }
      } else {
        bytes += 2;
      }
    }
    return bytes;
  }

  /** Copies {@code n} bytes from {@code (c, at)} into {@code dst} at {@code offset}. */
  static void copy(Chunk c, long at, byte[] dst, int offset, int n) {
    Chunk chunk = c;
    long skip = at;
    while (n > 0 && skip >= chunk.writeIndex) {
      skip -= chunk.writeIndex;
      chunk = chunk.next;
    }
    int i = (int) skip;
    int done = 0;
    while (done < n) {
      int k = Math.min(chunk.writeIndex - i, n - done);
      chunk.copyTo(i, dst, offset + done, k);
      done += k;
      chunk = chunk.next;
      i = 0;
    }
  }

  /** Decodes {@code n} bytes from {@code (c, at)}; without a copy when they lie in one heap chunk. */
  static String decode(Chunk c, long at, int n, Charset charset) {
    if (n == 0) {
      return "";
    }
    Chunk chunk = c;
    long skip = at;
    while (skip >= chunk.writeIndex) {
      skip -= chunk.writeIndex;
      chunk = chunk.next;
    }
    int i = (int) skip;
    if (i <= chunk.writeIndex - n) {
      return chunk.decode(i, n, charset);
    }
    byte[] bytes = new byte[n];
    copy(chunk, i, bytes, 0, n);
    return new String(bytes, charset);
  }

  // ---------------------------------------------------------------- dumps

  /**
   * Returns {@code name[length=N, state: b0 b1 ...]}: the length, the state when not {@code null},
   * and at most {@value #DESCRIBE_BYTES} bytes in hex, then {@code ...} when there are more.
   */
  static String describe(String name, Chunk c, long at, long length, String state) {
    StringBuilder sb = new StringBuilder(name).append("[length=").append(length);
    if (state != null) {
      sb.append(", ").append(state);
    }
    byte[] shown = new byte[(int) Math.min(length, DESCRIBE_BYTES)];
    copy(c, at, shown, 0, shown.length);
    for (int k = 0; k < shown.length; k++) {
      sb.append(k == 0 ? ": " : " ");
      appendHex(sb, shown[k]);
    }
    if (shown.length < length) {
      sb.append(" ...");
    }
    return sb.append(']').toString();
  }

  private static void appendHex(StringBuilder sb, byte b) {
    sb.append(HEX[(b >>> 4) & 0xF]).append(HEX[b & 0xF]);
  }

  /** Characters per dump line: offset, 16 hex columns with a gap after eight, the ASCII column. */
  private static final int LINE_CHARS = 8 + 1 + 16 * 3 + 1 + 3 + 16 + 2;

  /** Dumps {@code bytes} in the layout {@link io.github.chunkedbuffer.pipe.ByteView#hexDump()} documents. */
  static String hexDump(byte[] bytes) {
    int lines = (bytes.length + 15) / 16;
    StringBuilder sb = new StringBuilder(lines * LINE_CHARS + 9);
    for (int offset = 0; offset < bytes.length; offset += 16) {
      int n = Math.min(16, bytes.length - offset);
      appendOffset(sb, offset);
      sb.append(' ');
      for (int k = 0; k < 16; k++) {
        sb.append(k == 8 ? "  " : " ");
        if (k < n) {
          appendHex(sb, bytes[offset + k]);
        } else {
          sb.append("  ");
        }
      }
      sb.append("  |");
      for (int k = 0; k < n; k++) {
        int b = bytes[offset + k] & 0xFF;
        sb.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
      }
      sb.append("|\n");
    }
    appendOffset(sb, bytes.length);
    return sb.append('\n').toString();
  }

  /** The most bytes {@link #hexDump} can show: its result must fit a string. */
  static final long MAX_DUMP_BYTES = (Integer.MAX_VALUE - 8L) / (LINE_CHARS + 1) * 16;

  private static void appendOffset(StringBuilder sb, long offset) {
    for (int shift = 28; shift >= 0; shift -= 4) {
      sb.append(HEX[(int) (offset >>> shift) & 0xF]);
    }
  }
}
