package io.github.chunkedbuffer.bench;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Workload "bulk": 64 MiB of random bytes through a pipe in 64 KiB writes, each drained at once as
 * a zero-copy sequence into a gathering channel that discards (so the one copy is the write into
 * the pipe's chunks). One operation is the whole 64 MiB. The limit is {@code System.arraycopy} of
 * the same bytes, 64 KiB at a time, into one reused buffer.
 */
@State(Scope.Thread)
public class BulkBench extends AbstractBench {

  /** Bytes per operation. */
  static final int TOTAL = 64 << 20;

  /** Bytes per write. */
  static final int WRITE = 64 << 10;

  private byte[] source;
  private byte[] target;
  private Pipe pipe;
  private DiscardingChannel channel;

  @Setup(Level.Trial)
  public void setup() {
    requireFastThread();
    source = new byte[TOTAL];
    SplittableRandom random = new SplittableRandom(StreamInput.SEED + 3);
    for (int i = 0; i < TOTAL; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8; j++) {
        source[i + j] = (byte) (v >>> (j * 8));
      }
    }
    target = new byte[WRITE];
    pipe = Pipe.builder().pool(pipePool()).build();
    channel = new DiscardingChannel();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pipe.close();
  }

  @Benchmark
  public long ours_zeroCopy() throws IOException {
    Pipe p = pipe;
    DiscardingChannel ch = channel;
    ch.reset();
    for (int off = 0; off < TOTAL; off += WRITE) {
      p.write(source, off, WRITE);
      try (ByteSequence chunk = p.readZeroCopy(-1)) {
        long length = chunk.length();
        for (long done = 0; done < length; ) {
          done += chunk.writeTo(ch);
        }
      }
    }
    if (ch.written() != TOTAL || p.length() != 0) {
      throw new IllegalStateException(
          "ours wrote " + ch.written() + " of " + TOTAL + " bytes, " + p.length() + " left");
    }
    return ch.written();
  }

  /** Limit: one {@code System.arraycopy} per 64 KiB. */
  @Benchmark
  public void jdk_arraycopy(Blackhole bh) {
    byte[] dst = target;
    for (int off = 0; off < TOTAL; off += WRITE) {
      System.arraycopy(source, off, dst, 0, WRITE);
      bh.consume(dst);
    }
  }
}
