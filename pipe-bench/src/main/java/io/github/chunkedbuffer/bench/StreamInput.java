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

  /** Largest write (socket read) size of the lines and frames workloads. */
  static final int MAX_WRITE = 16 * 1024;

  static final byte CR = '\r';
  static final byte LF = '\n';

  /** {@code CR LF} as the big-endian short that {@code readShort()}/{@code getShort()} return. */
  static final short CRLF_SHORT = 0x0d0a;

  /** The whole stream. */
  final byte[] data;

  /** Sizes of the consecutive writes that cover {@link #data}; each in [1, max write]. */
  final int[] writes;

  /** The tally of the messages in {@link #data}. */
  final Tally expected;

  /** Where each message's payload (without framing) starts in {@link #data}. */
  final int[] starts;

  /** Each message's payload length. */
  final int[] lengths;

  /**
   * For each write, how many messages are complete (payload and trailing CR LF buffered) once it and
   * every write before it arrived: the message boundaries known in advance, for the copy floors.
   */
  final int[] completeAfterWrite;

  private StreamInput(
      byte[] data, Tally expected, int[] starts, int[] lengths, SplittableRandom random, int maxWrite) {
    this.data = data;
    this.expected = expected;
    this.starts = starts;
    this.lengths = lengths;
    this.writes = cut(data.length, random, maxWrite);
    this.completeAfterWrite = new int[writes.length];
    int end = 0;
    int complete = 0;
    for (int w = 0; w < writes.length; w++) {
      end += writes[w];
      while (complete < starts.length && starts[complete] + lengths[complete] + 2 <= end) {
        complete++;
      }
      completeAfterWrite[w] = complete;
    }
  }

  /**
   * {@code messages} lines of 8..512 random bytes (never CR or LF) each followed by CR LF, in writes
   * of 1..16 KiB; the tally counts each line without its CR LF.
   */
  static StreamInput lines(int messages) {
    return lines(messages, 512, MAX_WRITE);
  }

  /**
   * {@code messages} lines of 8..{@code maxLine} random bytes (never CR or LF) each followed by CR
   * LF, in writes of 1..{@code maxWrite} bytes; the tally counts each line without its CR LF.
   */
  static StreamInput lines(int messages, int maxLine, int maxWrite) {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] out = new byte[messages * (maxLine + 2)];
    int[] starts = new int[messages];
    int[] lengths = new int[messages];
    int at = 0;
    Tally tally = new Tally();
    for (int m = 0; m < messages; m++) {
      int length = random.nextInt(8, maxLine + 1);
      for (int i = 0; i < length; i++) {
        byte b = (byte) random.nextInt(256);
        out[at + i] = b == CR || b == LF ? (byte) ' ' : b;
      }
      tally.add(length, out[at], out[at + length - 1]);
      starts[m] = at;
      lengths[m] = length;
      at += length;
      out[at++] = CR;
      out[at++] = LF;
    }
    return new StreamInput(Arrays.copyOf(out, at), tally, starts, lengths, random, maxWrite);
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
    int[] starts = new int[messages];
    int at = 0;
    Tally tally = new Tally();
    for (int m = 0; m < messages; m++) {
      int length = lengths[m];
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
      starts[m] = at;
      at += length;
      out[at++] = CR;
      out[at++] = LF;
    }
    return new StreamInput(Arrays.copyOf(out, at), tally, starts, lengths, random, MAX_WRITE);
  }

  private static int[] cut(int length, SplittableRandom random, int maxWrite) {
    int[] sizes = new int[64];
    int n = 0;
    for (int left = length; left > 0; ) {
      int size = Math.min(left, random.nextInt(MIN_WRITE, maxWrite + 1));
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
