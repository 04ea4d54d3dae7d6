package io.github.chunkedbuffer.examples;

import java.util.SplittableRandom;

/**
 * A deterministic source of demo messages: the same seed and byte budget give the same sequence, so
 * the server generates the stream and the client regenerates it to check every message received.
 *
 * <p>The mix is mostly short text lines with bulk strings and binary frames between them; a few
 * messages are large (bulk strings up to 300 KiB, more than one default chunk) so that messages
 * span chunk boundaries and whole chunks. The sequence ends with the first message whose encoded
 * bytes reach the budget.
 *
 * <p>Not thread-safe; each side uses its own instance.
 */
final class MessageGenerator {

  private static final int MAX_LINE = 8 * 1024;
  private static final int MAX_BULK = 300 * 1024;
  private static final int MAX_FRAME = 64 * 1024;

  private final SplittableRandom random;

  /** Encoded bytes of the messages still to generate; the sequence ends when it reaches 0. */
  private long budget;

  /**
   * Creates a generator.
   *
   * @param seed the seed of the sequence
   * @param totalBytes encoded bytes to generate, at least; the last message may overshoot
   */
  MessageGenerator(long seed, long totalBytes) {
    this.random = new SplittableRandom(seed);
    this.budget = totalBytes;
  }

  /** The longest text of a {@link Message.Kind#LINE} message it generates. */
  static int maxLineLength() {
    return MAX_LINE;
  }

  /** Returns the next message, or {@code null} once the budget is spent. */
  Message next() {
    if (budget <= 0) {
      return null;
    }
    int dice = random.nextInt(100);
    Message m;
    if (dice < 60) {
      m = new Message(Message.Kind.LINE, text(size(200, MAX_LINE, 2)));
    } else if (dice < 85) {
      m = new Message(Message.Kind.BULK, binary(size(2048, MAX_BULK, 3)));
    } else {
      m = new Message(Message.Kind.FRAME, binary(size(8192, MAX_FRAME, 2)));
    }
    budget -= m.encodedLength();
    return m;
  }

  /** A size below {@code usual}, or in {@code percentLarge} percent of cases below {@code max}. */
  private int size(int usual, int max, int percentLarge) {
    return random.nextInt(100) < percentLarge ? random.nextInt(max + 1) : random.nextInt(usual + 1);
  }

  private byte[] text(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) random.nextInt(0x20, 0x7f); // printable ASCII: never CR or LF
    }
    return b;
  }

  private byte[] binary(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i += 8) {
      long r = random.nextLong();
      for (int j = i; j < Math.min(i + 8, length); j++) {
        b[j] = (byte) r;
        r >>>= 8;
      }
    }
    return b;
  }
}
