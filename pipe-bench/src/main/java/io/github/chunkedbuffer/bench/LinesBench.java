package io.github.chunkedbuffer.bench;

import static io.github.chunkedbuffer.bench.StreamInput.CR;
import static io.github.chunkedbuffer.bench.StreamInput.CRLF_SHORT;
import static io.github.chunkedbuffer.bench.StreamInput.LF;
import static io.github.chunkedbuffer.bench.StreamInput.malformed;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ByteView;
import io.github.chunkedbuffer.pipe.Pipe;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Workload "lines": CR LF terminated lines of 8..512 random bytes, delivered in writes of 1..16 KiB;
 * after each write every complete line is read. One operation is one line (the score is lines per
 * second); each invocation runs the whole seeded stream of {@value #MESSAGES} lines through one
 * contender and checks what it delivered.
 *
 * <p>Every contender copies each write in once (as a socket read would land) and hands out the line
 * without its CR LF, either as a fresh {@code byte[]} ({@code copy_*}) or as a view it releases after
 * use ({@code zeroCopy_*}). Each keeps its buffer across invocations, like a long-lived connection.
 */
public class LinesBench extends AbstractBench {

  /** Lines per pass (and operations per invocation). */
  static final int MESSAGES = 4096;

  private static final byte[] CRLF = {CR, LF};

  /** The seeded stream, shared read-only by all threads. */
  @State(Scope.Benchmark)
  public static class Input {
    StreamInput stream;

    @Setup(Level.Trial)
    public void setup() {
      stream = StreamInput.lines(MESSAGES);
    }
  }

  /**
   * Ours: a pipe with default chunk sizes on the {@code bench.pool} pool (heap), and one borrowed view
   * of it for {@code zeroCopy_ours_view}. {@code mode} shows
   * what the optional machinery costs on this path: {@code plain} is the default pipe (debug checks
   * off, not concurrent), {@code concurrent} the locked pipe of {@code Builder.concurrent} used from
   * one thread (thresholds high enough that the writer never waits), {@code debug} the pipe with
   * debug checks on (a creation stack trace per view).
   */
  @State(Scope.Thread)
  public static class Ours {
    @Param({"plain", "concurrent", "debug"})
    public String mode;

    final Tally tally = new Tally();
    Pipe pipe;

    /** The pipe's borrowed view, pointed at each line in turn by {@code zeroCopy_ours_view}. */
    ByteView view;

    @Setup(Level.Trial)
    public void setup() {
      requireFastThread();
      Pipe.Builder builder = Pipe.builder().pool(pipePool());
      switch (mode) {
        case "plain" -> builder.debug(false);
        case "concurrent" -> builder.debug(false).concurrent(1L << 40, 1L << 39);
        case "debug" -> builder.debug(true);
        default -> throw new IllegalArgumentException("mode " + mode);
      }
      pipe = builder.build();
      view = pipe.newView();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      pipe.close();
    }

    void finish(Input in, String contender) {
      if (pipe.length() != 0) {
        throw malformed(contender, pipe.length() + " bytes left over");
      }
      tally.verify(in.stream.expected, contender);
    }
  }

  /**
   * Netty: one cumulation buffer kept as {@code ByteToMessageDecoder} keeps it (written into,
   * searched from the offset the last search reached as {@code LineBasedFrameDecoder} does, then
   * {@code discardSomeReadBytes()}), from each allocator and of each kind (see {@link
   * NettyAllocators}): four variants, the best of which is the reference.
   */
  @State(Scope.Thread)
  public static class Netty {
    @Param({"adaptive", "pooled"})
    public String allocator;

    /** {@code buffer}: {@code alloc.buffer()}, direct where Netty uses Unsafe; {@code heapBuffer}. */
    @Param({"buffer", "heapBuffer"})
    public String kind;

    final Tally tally = new Tally();
    ByteBuf cumulation;

    /** How many readable bytes the last unsuccessful search already looked at. */
    int scanned;

    @Setup(Level.Trial)
    public void setup() {
      requireFastThread();
      cumulation = NettyAllocators.newBuffer(allocator, kind, StreamInput.MAX_WRITE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      cumulation.release();
    }

    /** Returns the index of the next line's LF, or -1 (remembering how far it looked). */
    int nextLf() {
      int reader = cumulation.readerIndex();
      int writer = cumulation.writerIndex();
      int lf = cumulation.indexOf(reader + scanned, writer, LF);
      scanned = lf < 0 ? writer - reader : 0;
      return lf;
    }

    void finish(Input in, String contender) {
      if (cumulation.isReadable()) {
        throw malformed(contender, cumulation.readableBytes() + " bytes left over");
      }
      tally.verify(in.stream.expected, contender);
    }
  }

  /** Okio: one {@link Buffer}, {@code indexOf} resumed where the last search stopped. */
  @State(Scope.Thread)
  public static class Okio {
    final Tally tally = new Tally();
    final Buffer buffer = new Buffer();

    /** How many bytes the last unsuccessful search already looked at. */
    long scanned;

    @Setup(Level.Trial)
    public void setup() {
      requireFastThread();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      buffer.clear();
    }

    /** Returns the index of the next line's LF, or -1 (remembering how far it looked). */
    long nextLf() {
      long lf = buffer.indexOf(LF, scanned);
      scanned = lf < 0 ? buffer.size() : 0;
      return lf;
    }

    void finish(Input in, String contender) {
      if (buffer.size() != 0) {
        throw malformed(contender, buffer.size() + " bytes left over");
      }
      tally.verify(in.stream.expected, contender);
    }
  }

  /**
   * The hand-written JDK baseline: a heap {@link ByteBuffer} filled with {@code put}, parsed after
   * {@code flip()} with a plain loop over its array, then {@code compact()}ed.
   */
  @State(Scope.Thread)
  public static class Jdk {
    final Tally tally = new Tally();
    final ByteBuffer buffer = ByteBuffer.allocate(128 * 1024);

    /** How many readable bytes the last unsuccessful search already looked at. */
    int scanned;

    @Setup(Level.Trial)
    public void setup() {
      requireFastThread();
    }

    /** In read mode: returns the index of the next line's LF, or -1 (remembering how far it looked). */
    int nextLf() {
      byte[] array = buffer.array();
      int start = buffer.position();
      int limit = buffer.limit();
      int i = start + scanned;
      while (i < limit && array[i] != LF) {
        i++;
      }
      if (i == limit) {
        scanned = limit - start;
        return -1;
      }
      scanned = 0;
      return i;
    }

    void finish(Input in, String contender) {
      if (buffer.position() != 0) {
        throw malformed(contender, buffer.position() + " bytes left over");
      }
      tally.verify(in.stream.expected, contender);
    }
  }

  // ------------------------------------------------------------------ copy: a byte[] per line

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void copy_ours(Input in, Ours s, Blackhole bh) throws IOException {
    StreamInput stream = in.stream;
    Pipe pipe = s.pipe;
    s.tally.reset();
    int off = 0;
    for (int n : stream.writes) {
      pipe.write(stream.data, off, n);
      off += n;
      byte[] line;
      while ((line = pipe.readUntil(CRLF, true)) != null) {
        s.tally.add(line.length, line[0], line[line.length - 1]);
        bh.consume(line);
      }
    }
    s.finish(in, "ours copy");
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void copy_netty(Input in, Netty s, Blackhole bh) {
    StreamInput stream = in.stream;
    ByteBuf cumulation = s.cumulation;
    s.tally.reset();
    int off = 0;
    for (int n : stream.writes) {
      cumulation.writeBytes(stream.data, off, n);
      off += n;
      int lf;
      while ((lf = s.nextLf()) >= 0) {
        int length = lf - 1 - cumulation.readerIndex();
        byte[] line = new byte[length];
        cumulation.readBytes(line);
        if (cumulation.readShort() != CRLF_SHORT) {
          throw malformed("netty copy", "no CR before LF");
        }
        s.tally.add(length, line[0], line[length - 1]);
        bh.consume(line);
      }
      cumulation.discardSomeReadBytes();
    }
    s.finish(in, "netty copy");
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void copy_okio(Input in, Okio s, Blackhole bh) throws IOException {
    StreamInput stream = in.stream;
    Buffer buffer = s.buffer;
    s.tally.reset();
    int off = 0;
    for (int n : stream.writes) {
      buffer.write(stream.data, off, n);
      off += n;
      long lf;
      while ((lf = s.nextLf()) >= 0) {
        byte[] line = buffer.readByteArray(lf - 1);
        if (buffer.readShort() != CRLF_SHORT) {
          throw malformed("okio copy", "no CR before LF");
        }
        s.tally.add(line.length, line[0], line[line.length - 1]);
        bh.consume(line);
      }
    }
    s.finish(in, "okio copy");
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void copy_jdk_byteBuffer(Input in, Jdk s, Blackhole bh) {
    StreamInput stream = in.stream;
    ByteBuffer buffer = s.buffer;
    s.tally.reset();
    int off = 0;
    for (int n : stream.writes) {
      buffer.put(stream.data, off, n).flip();
      off += n;
      int lf;
      while ((lf = s.nextLf()) >= 0) {
        byte[] line = new byte[lf - 1 - buffer.position()];
        buffer.get(line);
        if (buffer.getShort() != CRLF_SHORT) {
          throw malformed("jdk copy", "no CR before LF");
        }
        s.tally.add(line.length, line[0], line[line.length - 1]);
        bh.consume(line);
      }
      buffer.compact();
    }
    s.finish(in, "jdk copy");
  }

  /**
   * Floor: each write copied into one buffer and each line copied out into a new {@code byte[]},
   * with the line boundaries known in advance; what {@code copy_*} cannot beat.
   */
  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void copy_jdk_floor(Input in, CopyFloor floor, Blackhole bh) {
    floor.pass(in.stream, bh);
  }

  // ------------------------------------------------------------------ zero-copy: a view per line

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void zeroCopy_ours(Input in, Ours s, Blackhole bh) throws IOException {
    StreamInput stream = in.stream;
    Pipe pipe = s.pipe;
    s.tally.reset();
    int off = 0;
    for (int n : stream.writes) {
      pipe.write(stream.data, off, n);
      off += n;
      for (ByteSequence line; (line = pipe.readUntilZeroCopy(CRLF, true)) != null; ) {
        try (ByteSequence view = line) {
          long length = view.length();
          s.tally.add(length, view.byteAt(0), view.byteAt(length - 1));
          bh.consume(view);
        }
      }
    }
    s.finish(in, "ours zero-copy");
  }

  /**
   * Ours with a borrowed view: {@code readUntil(..., view)} points the pipe's one {@link ByteView} at
   * each line; nothing is allocated or reference-counted per line.
   */
  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void zeroCopy_ours_view(Input in, Ours s, Blackhole bh) throws IOException {
    StreamInput stream = in.stream;
    Pipe pipe = s.pipe;
    ByteView view = s.view;
    s.tally.reset();
    int off = 0;
    for (int n : stream.writes) {
      pipe.write(stream.data, off, n);
      off += n;
      while (pipe.readUntil(CRLF, true, Long.MAX_VALUE, view)) {
        long length = view.length();
        s.tally.add(length, view.byteAt(0), view.byteAt(length - 1));
        bh.consume(view);
      }
    }
    s.finish(in, "ours view");
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void zeroCopy_netty(Input in, Netty s, Blackhole bh) {
    StreamInput stream = in.stream;
    ByteBuf cumulation = s.cumulation;
    s.tally.reset();
    int off = 0;
    for (int n : stream.writes) {
      cumulation.writeBytes(stream.data, off, n);
      off += n;
      int lf;
      while ((lf = s.nextLf()) >= 0) {
        int length = lf - 1 - cumulation.readerIndex();
        ByteBuf line = cumulation.readRetainedSlice(length);
        try {
          if (cumulation.readShort() != CRLF_SHORT) {
            throw malformed("netty zero-copy", "no CR before LF");
          }
          s.tally.add(length, line.getByte(0), line.getByte(length - 1));
          bh.consume(line);
        } finally {
          line.release();
        }
      }
      cumulation.discardSomeReadBytes();
    }
    s.finish(in, "netty zero-copy");
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void zeroCopy_okio(Input in, Okio s, Blackhole bh) throws IOException {
    StreamInput stream = in.stream;
    Buffer buffer = s.buffer;
    s.tally.reset();
    int off = 0;
    for (int n : stream.writes) {
      buffer.write(stream.data, off, n);
      off += n;
      long lf;
      while ((lf = s.nextLf()) >= 0) {
        Buffer line = new Buffer();
        buffer.read(line, lf - 1);
        if (buffer.readShort() != CRLF_SHORT) {
          throw malformed("okio zero-copy", "no CR before LF");
        }
        long length = line.size();
        s.tally.add(length, line.getByte(0), line.getByte(length - 1));
        bh.consume(line);
        line.clear();
      }
    }
    s.finish(in, "okio zero-copy");
  }

  /**
   * JDK baseline for zero-copy: a {@code slice} of the buffer. Unlike the others' views it is only
   * valid until the next {@code compact()}, so it is the floor, not a peer.
   */
  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void zeroCopy_jdk_slice(Input in, Jdk s, Blackhole bh) {
    StreamInput stream = in.stream;
    ByteBuffer buffer = s.buffer;
    s.tally.reset();
    int off = 0;
    for (int n : stream.writes) {
      buffer.put(stream.data, off, n).flip();
      off += n;
      int lf;
      while ((lf = s.nextLf()) >= 0) {
        int start = buffer.position();
        int length = lf - 1 - start;
        ByteBuffer line = buffer.slice(start, length);
        if (buffer.getShort(lf - 1) != CRLF_SHORT) {
          throw malformed("jdk slice", "no CR before LF");
        }
        buffer.position(lf + 1);
        s.tally.add(length, line.get(0), line.get(length - 1));
        bh.consume(line);
      }
      buffer.compact();
    }
    s.finish(in, "jdk slice");
  }
}
