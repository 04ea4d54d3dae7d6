package io.github.chunkedbuffer.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A pre-generated, seeded byte stream of framed messages, cut into writes of random size as socket
 * reads would deliver it, and the {@link Tally} a correct parser produces from it. Held in memory:
 * no I/O is measured. Immutable after construction.
 */
final class StreamInput {
  /** The seed of every generated input; fixed so that every contender and every run sees the same bytes. */
  static final long SEED = 0x5eed_2024_c0ffeeL;

  /** Smallest write (socket read) size. */
  static final int MIN_WRITE = 1;

  /** Largest write (socket read) size. */
  static final int MAX_WRITE = 16 * 1024;

  static final byte CR = '\r';
  static final byte LF = '\n';

  /** {@code CR LF} as the big-endian short that {@code readShort()}/{@code getShort()} return. */
  static final short CRLF_SHORT = 0x0d0a;

  /** The whole stream. */
  final byte[] data;

  /** Sizes of the consecutive writes that cover {@link #data}; each in [1, 16 KiB]. */
  final int[] writes;

  /** The tally of the messages in {@link #data}. */
  final Tally expected;

  private StreamInput(byte[] data, Tally expected, SplittableRandom random) {
    this.data = data;
    this.expected = expected;
    this.writes = cut(data.length, random);
  }

  /**
   * {@code messages} lines of 8..512 random bytes (never CR or LF) each followed by CR LF; the tally
   * counts each line without its CR LF.
   */
  static StreamInput lines(int messages) {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] out = new byte[messages * (512 + 2)];
    int at = 0;
    Tally tally = new Tally();
    for (int m = 0; m < messages; m++) {
      int length = random.nextInt(8, 513);
      for (int i = 0; i < length; i++) {
        byte b = (byte) random.nextInt(256);
        out[at + i] = b == CR || b == LF ? (byte) ' ' : b;
      }
      tally.add(length, out[at], out[at + length - 1]);
      at += length;
      out[at++] = CR;
      out[at++] = LF;
    }
    return new StreamInput(Arrays.copyOf(out, at), tally, random);
  }

  /**
   * {@code messages} RESP bulk strings {@code $<len>\r\n<payload>\r\n} whose payload lengths are
   * log-uniform in [16 B, 64 KiB] and whose payload bytes are random (CR and LF included, as RESP is
   * binary safe); the tally counts each payload.
   */
  static StreamInput frames(int messages) {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    int[] lengths = new int[messages];
    long total = 0;
    double lo = Math.log(16);
    double hi = Math.log(64 * 1024);
    for (int m = 0; m < messages; m++) {
      int length = (int) Math.round(Math.exp(lo + random.nextDouble() * (hi - lo)));
      lengths[m] = Math.max(16, Math.min(64 * 1024, length));
      total += lengths[m] + 16;
    }
    byte[] out = new byte[Math.toIntExact(total)];
    int at = 0;
    Tally tally = new Tally();
    for (int length : lengths) {
      out[at++] = '$';
      for (byte digit : Integer.toString(length).getBytes(StandardCharsets.US_ASCII)) {
        out[at++] = digit;
      }
      out[at++] = CR;
      out[at++] = LF;
      for (int i = 0; i < length; i++) {
        out[at + i] = (byte) random.nextInt(256);
      }
      tally.add(length, out[at], out[at + length - 1]);
      at += length;
      out[at++] = CR;
      out[at++] = LF;
    }
    return new StreamInput(Arrays.copyOf(out, at), tally, random);
  }

  private static int[] cut(int length, SplittableRandom random) {
    int[] sizes = new int[64];
    int n = 0;
    for (int left = length; left > 0; ) {
      int size = Math.min(left, random.nextInt(MIN_WRITE, MAX_WRITE + 1));
      if (n == sizes.length) {
        sizes = Arrays.copyOf(sizes, n * 2);
      }
      sizes[n++] = size;
      left -= size;
    }
    return Arrays.copyOf(sizes, n);
  }

  /** Throws a framing error for {@code contender}; a cold path kept out of the parsing loops. */
  static IllegalStateException malformed(String contender, String what) {
    return new IllegalStateException(contender + " framed wrongly: " + what);
  }
}
