package io.github.chunkedbuffer.bench;

import io.github.chunkedbuffer.pipe.ByteView;
import io.github.chunkedbuffer.pipe.Pipe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload "typed": big-endian {@code int} reads from a buffer that holds a stream of {@value #INTS}
 * seeded random ints behind a {@value #PREFIX}-byte prefix, in {@value #CHUNK}-byte chunks. One
 * operation is one {@code int} read; each invocation reads all {@value #INTS} ints, sums them and
 * checks the sum (and, for the consuming reads, that the buffer is drained).
 *
 * <p>The prefix (one byte, as a message type byte before its fields) puts every chunk boundary
 * inside an int: 3 of its bytes in one chunk, 1 in the next. So the stream has 8 values that
 * straddle two chunks among 8,192 that do not, as a 4 KiB-chunked reader sees them; ours, Netty's
 * composite and Okio's 8 KiB segments all take their straddling path.
 *
 * <ul>
 *   <li>{@code readInt_*}: the consuming read ({@code Pipe.readInt()}, {@code ByteBuf.readInt()},
 *       Okio's {@code Buffer.readInt()}, the JDK's relative {@code ByteBuffer.getInt()}).
 *   <li>{@code intAt_*}: the in-place getter at {@code 4 * i} from the read position ({@code
 *       Pipe.intAt}, {@code ByteBuf.getInt(readerIndex + 4 * i)}, {@code ByteBuffer.getInt(int)}),
 *       which consumes nothing. Okio has no absolute int getter, so it has no row here.
 * </ul>
 *
 * <p><b>Refill.</b> A consuming read empties the buffer, so each invocation starts from a full one:
 * a {@link Level#Invocation} setup, outside the timed region, rewinds Netty's and the JDK's reader
 * index (which costs them nothing) and writes the stream again into our pipe and Okio's buffer
 * (which they cannot rewind; the pipe takes its chunks from its pool, Okio from its segment pool,
 * the bytes and chunk layout are the same every time). Timing only the reads keeps that asymmetric
 * refill out of the score, so the score is the reads alone. An invocation takes tens of
 * microseconds (8,192 reads), far above the two {@code System.nanoTime()} calls JMH adds per
 * invocation at this level. The refill happens in the measured iteration, so {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} counts what it allocates too: nothing for Netty and the JDK, nor for
 * Okio (32 KiB stays within its segment pool), and for ours the objects the pipe makes for each
 * pooled chunk it takes when written after it was drained (about 120 B a chunk, 1 KiB a pass: 0.13
 * B per read, under the report's 1 B/op line of "no allocation"). The reads themselves allocate
 * nothing.
 *
 * <p>Netty: each allocator and buffer kind (see {@link NettyAllocators}), each as one buffer
 * ({@code single}) and as a {@link CompositeByteBuf} of {@value #CHUNK}-byte components, the same
 * cut as our chunks ({@code composite}): eight variants; the best of each round is the reference.
 */
public class TypedReadsBench extends AbstractBench {

  /** Ints per pass (and operations per invocation). */
  static final int INTS = 8192;

  /** Bytes before the first int: 1, so that every chunk boundary falls inside an int. */
  static final int PREFIX = 1;

  /** Bytes per chunk: ours (min = max chunk size) and Netty's composite components. */
  static final int CHUNK = 4096;

  /** The whole stream: the prefix, then the ints. */
  static final int TOTAL = PREFIX + INTS * Integer.BYTES;

  /** The seeded stream and the sum every pass must produce; shared read-only by all threads. */
  @State(Scope.Benchmark)
  public static class Input {
    /** The prefix byte, then {@value #INTS} big-endian random ints. */
    byte[] data;

    /** The sum of the ints (as longs). */
    long expected;

    @Setup(Level.Trial)
    public void setup() {
      SplittableRandom random = new SplittableRandom(StreamInput.SEED + 3);
      ByteBuffer bytes = ByteBuffer.allocate(TOTAL);
      bytes.put((byte) 0x2a);
      long sum = 0;
      for (int i = 0; i < INTS; i++) {
        int value = random.nextInt();
        bytes.putInt(value);
        sum += value;
      }
      data = bytes.array();
      expected = sum;
    }

    /**
     * Returns {@code sum} after checking it, and that {@code left} bytes are what a pass should
     * leave ({@code 0} for a consuming read, all the ints for a getter).
     */
    long check(long sum, long left, long expectedLeft, String contender) {
      if (sum != expected || left != expectedLeft) {
        throw new IllegalStateException(
            contender
                + " read wrongly: sum "
                + sum
                + " (expected "
                + expected
                + "), "
                + left
                + " bytes left (expected "
                + expectedLeft
                + ")");
      }
      return sum;
    }
  }

  /**
   * Ours: a pipe on the {@code bench.pool} pool (heap) with min = max chunk size {@value #CHUNK},
   * holding the stream with its prefix skipped; written again when a pass has drained it.
   */
  @State(Scope.Thread)
  public static class Ours {
    Pipe pipe;

    @Setup(Level.Trial)
    public void setup(Input in) throws IOException {
      requireFastThread();
      pipe = Pipe.builder().pool(pipePool()).minChunkSize(CHUNK).maxChunkSize(CHUNK).build();
      refill(in);
      requireStraddling();
    }

    @Setup(Level.Invocation)
    public void refill(Input in) throws IOException {
      if (pipe.length() == 0) {
        pipe.write(in.data);
        pipe.skip(PREFIX);
      }
    }

    /** Fails the trial unless the ints lie in several chunks and some int straddles two. */
    private void requireStraddling() throws IOException {
      ByteView view = pipe.newView();
      if (!pipe.peekExact(INTS * Integer.BYTES, view)) {
        throw new IllegalStateException("the pipe does not hold the whole stream");
      }
      long boundary = 0;
      boolean straddles = false;
      for (int i = 0; i < view.segmentCount() - 1; i++) {
        boundary += view.segment(i).remaining();
        straddles |= boundary % Integer.BYTES != 0;
      }
      if (view.segmentCount() < 2 || !straddles) {
        throw new IllegalStateException(
            "no int straddles a chunk boundary: " + view.segmentCount() + " segments");
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      pipe.close();
    }
  }

  /**
   * Netty: one buffer ({@code single}) or a composite of {@value #CHUNK}-byte components cut as our
   * chunks are ({@code composite}), from each allocator and of each kind; the reader index is set
   * back to the first int before every invocation.
   */
  @State(Scope.Thread)
  public static class Netty {
    @Param({"adaptive", "pooled"})
    public String allocator;

    /** {@code buffer}: {@code alloc.buffer()}, direct where Netty uses Unsafe; {@code heapBuffer}. */
    @Param({"buffer", "heapBuffer"})
    public String kind;

    /** {@code single}: one buffer; {@code composite}: a {@link CompositeByteBuf} of chunks. */
    @Param({"single", "composite"})
    public String layout;

    ByteBuf buf;

    @Setup(Level.Trial)
    public void setup(Input in) {
      requireFastThread();
      switch (layout) {
        case "single" -> buf = NettyAllocators.newBuffer(allocator, kind, TOTAL).writeBytes(in.data);
        case "composite" -> {
          int components = (TOTAL + CHUNK - 1) / CHUNK;
          ByteBufAllocator alloc = NettyAllocators.named(allocator);
          CompositeByteBuf composite =
              "heapBuffer".equals(kind)
                  ? alloc.compositeHeapBuffer(components)
                  : alloc.compositeBuffer(components);
          for (int off = 0; off < TOTAL; off += CHUNK) {
            int n = Math.min(CHUNK, TOTAL - off);
            composite.addComponent(
                true, NettyAllocators.newBuffer(allocator, kind, n).writeBytes(in.data, off, n));
          }
          if (composite.numComponents() != components) {
            throw new IllegalStateException(
                "composite holds " + composite.numComponents() + " components, not " + components);
          }
          buf = composite;
        }
        default -> throw new IllegalArgumentException("unknown layout '" + layout + "'");
      }
      rewind();
    }

    @Setup(Level.Invocation)
    public void rewind() {
      buf.readerIndex(PREFIX);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      buf.release();
    }
  }

  /** Okio: one {@link Buffer} (8 KiB segments), written again when a pass has drained it. */
  @State(Scope.Thread)
  public static class Okio {
    final Buffer buffer = new Buffer();

    @Setup(Level.Trial)
    public void setup(Input in) throws IOException {
      requireFastThread();
      refill(in);
    }

    @Setup(Level.Invocation)
    public void refill(Input in) throws IOException {
      if (buffer.size() == 0) {
        buffer.write(in.data);
        buffer.skip(PREFIX);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      buffer.clear();
    }
  }

  /** The JDK baseline: the stream in one heap {@link ByteBuffer}, its position set back each time. */
  @State(Scope.Thread)
  public static class Jdk {
    ByteBuffer buffer;

    @Setup(Level.Trial)
    public void setup(Input in) {
      requireFastThread();
      buffer = ByteBuffer.wrap(in.data.clone());
      rewind();
    }

    @Setup(Level.Invocation)
    public void rewind() {
      buffer.position(PREFIX);
    }
  }

  // ------------------------------------------------------------------ readInt: consuming reads

  @Benchmark
  @OperationsPerInvocation(INTS)
  public long readInt_ours(Input in, Ours s) throws IOException {
    Pipe pipe = s.pipe;
    long sum = 0;
    for (int i = 0; i < INTS; i++) {
      sum += pipe.readInt();
    }
    return in.check(sum, pipe.length(), 0, "ours readInt");
  }

  @Benchmark
  @OperationsPerInvocation(INTS)
  public long readInt_netty(Input in, Netty s) {
    ByteBuf buf = s.buf;
    long sum = 0;
    for (int i = 0; i < INTS; i++) {
      sum += buf.readInt();
    }
    return in.check(sum, buf.readableBytes(), 0, "netty readInt");
  }

  @Benchmark
  @OperationsPerInvocation(INTS)
  public long readInt_okio(Input in, Okio s) throws IOException {
    Buffer buffer = s.buffer;
    long sum = 0;
    for (int i = 0; i < INTS; i++) {
      sum += buffer.readInt();
    }
    return in.check(sum, buffer.size(), 0, "okio readInt");
  }

  /** Baseline: relative {@code getInt()} on one heap {@link ByteBuffer}; not a peer. */
  @Benchmark
  @OperationsPerInvocation(INTS)
  public long readInt_jdk(Input in, Jdk s) {
    ByteBuffer buffer = s.buffer;
    long sum = 0;
    for (int i = 0; i < INTS; i++) {
      sum += buffer.getInt();
    }
    return in.check(sum, buffer.remaining(), 0, "jdk getInt()");
  }

  // ------------------------------------------------------------------ intAt: getters in place

  @Benchmark
  @OperationsPerInvocation(INTS)
  public long intAt_ours(Input in, Ours s) {
    Pipe pipe = s.pipe;
    long sum = 0;
    for (int i = 0; i < INTS; i++) {
      sum += pipe.intAt((long) i * Integer.BYTES);
    }
    return in.check(sum, pipe.length(), TOTAL - PREFIX, "ours intAt");
  }

  @Benchmark
  @OperationsPerInvocation(INTS)
  public long intAt_netty(Input in, Netty s) {
    ByteBuf buf = s.buf;
    int base = buf.readerIndex();
    long sum = 0;
    for (int i = 0; i < INTS; i++) {
      sum += buf.getInt(base + i * Integer.BYTES);
    }
    return in.check(sum, buf.readableBytes(), TOTAL - PREFIX, "netty getInt");
  }

  /** Baseline: absolute {@code getInt(int)} on one heap {@link ByteBuffer}; not a peer. */
  @Benchmark
  @OperationsPerInvocation(INTS)
  public long intAt_jdk(Input in, Jdk s) {
    ByteBuffer buffer = s.buffer;
    int base = buffer.position();
    long sum = 0;
    for (int i = 0; i < INTS; i++) {
      sum += buffer.getInt(base + i * Integer.BYTES);
    }
    return in.check(sum, buffer.remaining(), TOTAL - PREFIX, "jdk getInt(int)");
  }
}
