package io.github.chunkedbuffer.bench;

import static io.github.chunkedbuffer.bench.StreamInput.malformed;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The floor of a copying framing workload: only the two copies every copying contender must make,
 * each write copied into one buffer and each message's payload copied out into a new {@code byte[]},
 * with the message boundaries taken from the generator ({@link StreamInput#starts},
 * {@link StreamInput#lengths}, {@link StreamInput#completeAfterWrite}) instead of searched or parsed.
 * A framing contender does this and more, so it cannot beat the floor; its goal is a ratio to it.
 *
 * <p>The buffer is a 128 KiB ring, so no byte is moved twice (no compaction) and the memory touched
 * stays as small as a contender's: a write or a payload that crosses the end of the ring is copied
 * in two pieces. A JMH state, one per benchmark thread; not thread-safe.
 */
@State(Scope.Thread)
public class CopyFloor {
  /** Ring size; more than any message plus one write (64 KiB + 18 B + 16 KiB for frames). */
  static final int RING = 128 * 1024;

  private static final int MASK = RING - 1;

  private final Tally tally = new Tally();
  private final byte[] ring = new byte[RING];

  /** The stream the ring was last checked against ({@link #checkFits}), or {@code null}. */
  private StreamInput checked;

  /** Fails the trial unless it runs on a Netty thread, as every contender's does. */
  @Setup(Level.Trial)
  public void setup() {
    AbstractBench.requireFastThread();
  }

  /**
   * Throws unless every byte a pass must keep (from the first incomplete message to the end of the
   * last write) fits in the ring.
   */
  static void checkFits(StreamInput stream) {
    int end = 0;
    for (int w = 0; w < stream.writes.length; w++) {
      end += stream.writes[w];
      int next = stream.completeAfterWrite[w];
      int kept = next < stream.starts.length ? end - stream.starts[next] : 0;
      if (kept > RING) {
        throw new IllegalStateException(
            "floor ring of " + RING + " bytes cannot keep " + kept + " bytes after write " + w);
      }
    }
  }

  /** Runs one pass over {@code stream} and checks the messages it copied out. */
  void pass(StreamInput stream, Blackhole bh) {
    if (checked != stream) {
      checkFits(stream);
      checked = stream;
    }
    byte[] data = stream.data;
    int[] starts = stream.starts;
    int[] lengths = stream.lengths;
    int[] complete = stream.completeAfterWrite;
    int[] writes = stream.writes;
    byte[] buf = ring;
    tally.reset();
    int off = 0;
    int m = 0;
    for (int w = 0; w < writes.length; w++) {
      int n = writes[w];
      int at = off & MASK;
      int first = Math.min(n, RING - at);
      System.arraycopy(data, off, buf, at, first);
      System.arraycopy(data, off + first, buf, 0, n - first);
      off += n;
      for (int last = complete[w]; m < last; m++) {
        int length = lengths[m];
        int from = starts[m] & MASK;
        byte[] payload = new byte[length];
        int head = Math.min(length, RING - from);
        System.arraycopy(buf, from, payload, 0, head);
        System.arraycopy(buf, 0, payload, head, length - head);
        tally.add(length, payload[0], payload[length - 1]);
        bh.consume(payload);
      }
    }
    if (m != starts.length) {
      throw malformed("floor", (starts.length - m) + " messages left over");
    }
    tally.verify(stream.expected, "floor");
  }
}
