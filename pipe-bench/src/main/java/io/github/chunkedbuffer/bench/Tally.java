package io.github.chunkedbuffer.bench;

/**
 * What a contender delivered in one pass over a workload's input: message count, payload bytes and
 * an order-sensitive hash of each message's length and first and last byte. Comparing it with the
 * tally of the generated input catches a contender that frames wrongly (a shifted boundary changes a
 * length or an end byte) without reading every byte, which would dilute the differences being
 * measured. One instance per contender state; not thread-safe.
 */
final class Tally {
  /** Messages counted since the last {@link #reset()}. */
  private long count;

  /** Sum of message lengths (without framing) since the last {@link #reset()}. */
  private long bytes;

  /** Order-sensitive hash over (length, first byte, last byte) of each message. */
  private long hash;

  /** Returns the number of messages counted since the last {@link #reset()}. */
  long count() {
    return count;
  }

  void reset() {
    count = 0;
    bytes = 0;
    hash = 0;
  }

  /** Adds one message of {@code length} bytes (at least 1) whose ends are {@code first}, {@code last}. */
  void add(long length, byte first, byte last) {
    count++;
    bytes += length;
    hash = hash * 31 + (length * 65_537L) + ((first & 0xff) << 8 | (last & 0xff));
  }

  /**
   * Throws when this tally differs from {@code expected}.
   *
   * @param contender named in the message
   */
  void verify(Tally expected, String contender) {
    if (count != expected.count || bytes != expected.bytes || hash != expected.hash) {
      throw new IllegalStateException(
          contender + " framed wrongly: got " + this + ", expected " + expected);
    }
  }

  @Override
  public String toString() {
    return "count=" + count + " bytes=" + bytes + " hash=" + Long.toHexString(hash);
  }
}
