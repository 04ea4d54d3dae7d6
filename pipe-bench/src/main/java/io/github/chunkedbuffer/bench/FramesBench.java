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
 * Workload "frames": RESP bulk strings {@code $<len>\r\n<payload>\r\n} with payloads of 16 B..64 KiB
 * (log-uniform), delivered in writes of 1..16 KiB; after each write every complete frame is read.
 * One operation is one frame; each invocation runs the whole seeded stream of {@value #MESSAGES}
 * frames through one contender and checks what it delivered.
 *
 * <p>Every contender follows the same state machine: parse the header in place once its LF is
 * buffered (looking at no more than {@value #MAX_HEADER} bytes), remember the payload length, and
 * take the payload once it and its CR LF are buffered, as a fresh {@code byte[]} ({@code copy_*})
 * or as a view released after use ({@code zeroCopy_*}).
 */
public class FramesBench extends AbstractBench {

  /** Frames per pass (and operations per invocation). */
  static final int MESSAGES = 256;

  /** Longest header looked at: {@code $} + 10 digits + CR LF, rounded up. */
  static final int MAX_HEADER = 16;

  /** The seeded stream, shared read-only by all threads. */
  @State(Scope.Benchmark)
  public static class Input {
    StreamInput stream;

    @Setup(Level.Trial)
    public void setup() {
      stream = StreamInput.frames(MESSAGES);
    }
  }

  /**
   * Ours: a pipe with default chunk sizes on the {@code bench.pool} pool; the header is parsed in
   * place with {@code findByte}, {@code byteAt} and {@code skip}, the payload taken with
   * {@code readExact}, {@code readExactZeroCopy} or {@code readExact(n, view)} into the pipe's one
   * borrowed view.
   */
  @State(Scope.Thread)
  public static class Ours {
    final Tally tally = new Tally();
    Pipe pipe;

    /** The pipe's borrowed view, pointed at each payload in turn by {@code zeroCopy_ours_view}. */
    ByteView view;

    /** Payload length of the frame whose header was parsed, or -1 when expecting a header. */
    int pending = -1;

    @Setup(Level.Trial)
    public void setup() {
      requireFastThread();
      pipe = Pipe.builder().pool(pipePool()).build();
      view = pipe.newView();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      pipe.close();
    }

    /** Returns whether the next payload and its CR LF are buffered, parsing a header if needed. */
    boolean payloadReady() throws IOException {
      if (pending < 0) {
        long buffered = pipe.length();
        long lf = pipe.findByte(LF, 0, Math.min(buffered, MAX_HEADER));
        if (lf < 0) {
          if (buffered >= MAX_HEADER) {
            throw malformed("ours", "header longer than " + MAX_HEADER);
          }
          return false;
        }
        if (pipe.byteAt(0) != '$' || pipe.byteAt(lf - 1) != CR) {
          throw malformed("ours", "bad header");
        }
        int length = 0;
        for (long i = 1; i < lf - 1; i++) {
          length = length * 10 + digit(pipe.byteAt(i));
        }
        pipe.skip(lf + 1);
        pending = length;
      }
      return pipe.length() >= pending + 2L;
    }

    /** Consumes the CR LF after a payload. */
    void endOfPayload() throws IOException {
      if (pipe.byteAt(0) != CR || pipe.byteAt(1) != LF) {
        throw malformed("ours", "no CR LF after payload");
      }
      pipe.skip(2);
      pending = -1;
    }

    void finish(Input in, String contender) {
      if (pipe.length() != 0 || pending >= 0) {
        throw malformed(contender, pipe.length() + " bytes left over");
      }
      tally.verify(in.stream.expected, contender);
    }
  }

  /**
   * Netty: one cumulation buffer kept as {@code ByteToMessageDecoder} keeps it
   * ({@code writeBytes}, then {@code discardSomeReadBytes()}); the header is parsed in place with
   * {@code indexOf} and {@code getByte} as {@code RedisDecoder} does, the payload taken with
   * {@code readBytes} or {@code readRetainedSlice}. Each allocator and kind (see {@link
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

    /** Payload length of the frame whose header was parsed, or -1 when expecting a header. */
    int pending = -1;

    @Setup(Level.Trial)
    public void setup() {
      requireFastThread();
      cumulation = NettyAllocators.newBuffer(allocator, kind, StreamInput.MAX_WRITE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      cumulation.release();
    }

    /** Returns whether the next payload and its CR LF are buffered, parsing a header if needed. */
    boolean payloadReady() {
      ByteBuf buf = cumulation;
      if (pending < 0) {
        int reader = buf.readerIndex();
        int buffered = buf.readableBytes();
        int lf = buf.indexOf(reader, reader + Math.min(buffered, MAX_HEADER), LF);
        if (lf < 0) {
          if (buffered >= MAX_HEADER) {
            throw malformed("netty", "header longer than " + MAX_HEADER);
          }
          return false;
        }
        if (buf.getByte(reader) != '$' || buf.getByte(lf - 1) != CR) {
          throw malformed("netty", "bad header");
        }
        int length = 0;
        for (int i = reader + 1; i < lf - 1; i++) {
          length = length * 10 + digit(buf.getByte(i));
        }
        buf.readerIndex(lf + 1);
        pending = length;
      }
      return buf.readableBytes() >= pending + 2;
    }

    /** Consumes the CR LF after a payload. */
    void endOfPayload() {
      if (cumulation.readShort() != CRLF_SHORT) {
        throw malformed("netty", "no CR LF after payload");
      }
      pending = -1;
    }

    void finish(Input in, String contender) {
      if (cumulation.isReadable() || pending >= 0) {
        throw malformed(contender, cumulation.readableBytes() + " bytes left over");
      }
      tally.verify(in.stream.expected, contender);
    }
  }

  /**
   * Okio: one {@link Buffer}; the header is found with a bounded {@code indexOf} and read with
   * {@code readDecimalLong}, the payload taken with {@code readByteArray} or moved into a new
   * {@code Buffer} with {@code read(sink, n)}.
   */
  @State(Scope.Thread)
  public static class Okio {
    final Tally tally = new Tally();
    final Buffer buffer = new Buffer();

    /** Payload length of the frame whose header was parsed, or -1 when expecting a header. */
    long pending = -1;

    @Setup(Level.Trial)
    public void setup() {
      requireFastThread();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      buffer.clear();
    }

    /** Returns whether the next payload and its CR LF are buffered, parsing a header if needed. */
    boolean payloadReady() throws IOException {
      if (pending < 0) {
        long buffered = buffer.size();
        long lf = buffer.indexOf(LF, 0, Math.min(buffered, MAX_HEADER));
        if (lf < 0) {
          if (buffered >= MAX_HEADER) {
            throw malformed("okio", "header longer than " + MAX_HEADER);
          }
          return false;
        }
        if (buffer.readByte() != '$') {
          throw malformed("okio", "bad header");
        }
        long length = buffer.readDecimalLong();
        if (buffer.readShort() != CRLF_SHORT) {
          throw malformed("okio", "bad header");
        }
        pending = length;
      }
      return buffer.size() >= pending + 2;
    }

    /** Consumes the CR LF after a payload. */
    void endOfPayload() throws IOException {
      if (buffer.readShort() != CRLF_SHORT) {
        throw malformed("okio", "no CR LF after payload");
      }
      pending = -1;
    }

    void finish(Input in, String contender) {
      if (buffer.size() != 0 || pending >= 0) {
        throw malformed(contender, buffer.size() + " bytes left over");
      }
      tally.verify(in.stream.expected, contender);
    }
  }

  /**
   * The hand-written JDK baseline: a heap {@link ByteBuffer} filled with {@code put}, parsed after
   * {@code flip()} with absolute {@code get}s, then {@code compact()}ed.
   */
  @State(Scope.Thread)
  public static class Jdk {
    final Tally tally = new Tally();

    /** Room for the largest frame left over plus one write. */
    final ByteBuffer buffer = ByteBuffer.allocate(128 * 1024);

    /** Payload length of the frame whose header was parsed, or -1 when expecting a header. */
    int pending = -1;

    @Setup(Level.Trial)
    public void setup() {
      requireFastThread();
    }

    /** In read mode: whether the next payload and its CR LF are buffered, parsing a header if needed. */
    boolean payloadReady() {
      ByteBuffer buf = buffer;
      if (pending < 0) {
        int start = buf.position();
        int end = Math.min(buf.limit(), start + MAX_HEADER);
        int lf = start;
        while (lf < end && buf.get(lf) != LF) {
          lf++;
        }
        if (lf == end) {
          if (end - start >= MAX_HEADER) {
            throw malformed("jdk", "header longer than " + MAX_HEADER);
          }
          return false;
        }
        if (buf.get(start) != '$' || buf.get(lf - 1) != CR) {
          throw malformed("jdk", "bad header");
        }
        int length = 0;
        for (int i = start + 1; i < lf - 1; i++) {
          length = length * 10 + digit(buf.get(i));
        }
        buf.position(lf + 1);
        pending = length;
      }
      return buf.remaining() >= pending + 2;
    }

    /** Consumes the CR LF after a payload. */
    void endOfPayload() {
      if (buffer.getShort() != CRLF_SHORT) {
        throw malformed("jdk", "no CR LF after payload");
      }
      pending = -1;
    }

    void finish(Input in, String contender) {
      if (buffer.position() != 0 || pending >= 0) {
        throw malformed(contender, buffer.position() + " bytes left over");
      }
      tally.verify(in.stream.expected, contender);
    }
  }

  static int digit(byte b) {
    int d = b - '0';
    if (d < 0 || d > 9) {
      throw malformed("parser", "non-digit " + b + " in length");
    }
    return d;
  }

  // ------------------------------------------------------------------ copy: a byte[] per payload

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
      while (s.payloadReady()) {
        byte[] payload = pipe.readExact(s.pending);
        s.endOfPayload();
        s.tally.add(payload.length, payload[0], payload[payload.length - 1]);
        bh.consume(payload);
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
      while (s.payloadReady()) {
        byte[] payload = new byte[s.pending];
        cumulation.readBytes(payload);
        s.endOfPayload();
        s.tally.add(payload.length, payload[0], payload[payload.length - 1]);
        bh.consume(payload);
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
      while (s.payloadReady()) {
        byte[] payload = buffer.readByteArray(s.pending);
        s.endOfPayload();
        s.tally.add(payload.length, payload[0], payload[payload.length - 1]);
        bh.consume(payload);
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
      while (s.payloadReady()) {
        byte[] payload = new byte[s.pending];
        buffer.get(payload);
        s.endOfPayload();
        s.tally.add(payload.length, payload[0], payload[payload.length - 1]);
        bh.consume(payload);
      }
      buffer.compact();
    }
    s.finish(in, "jdk copy");
  }

  /**
   * Floor: each write copied into one buffer and each payload copied out into a new {@code byte[]},
   * with the frame boundaries known in advance (no header parsed); what {@code copy_*} cannot beat.
   */
  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void copy_jdk_floor(Input in, CopyFloor floor, Blackhole bh) {
    floor.pass(in.stream, bh);
  }

  // ------------------------------------------------------------------ zero-copy: a view per payload

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
      while (s.payloadReady()) {
        try (ByteSequence payload = pipe.readExactZeroCopy(s.pending)) {
          s.endOfPayload();
          long length = payload.length();
          s.tally.add(length, payload.byteAt(0), payload.byteAt(length - 1));
          bh.consume(payload);
        }
      }
    }
    s.finish(in, "ours zero-copy");
  }

  /**
   * Ours with a borrowed view: {@code readExact(n, view)} points the pipe's one {@link ByteView} at
   * each payload, which is used before the CR LF after it is skipped (a skip consumes, so it ends
   * the view's validity).
   */
  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void zeroCopy_ours_view(Input in, Ours s, Blackhole bh) throws IOException {
    StreamInput stream = in.stream;
    Pipe pipe = s.pipe;
    ByteView payload = s.view;
    s.tally.reset();
    int off = 0;
    for (int n : stream.writes) {
      pipe.write(stream.data, off, n);
      off += n;
      while (s.payloadReady()) {
        if (!pipe.readExact(s.pending, payload)) {
          throw malformed("ours view", "payload of " + s.pending + " bytes not buffered");
        }
        long length = payload.length();
        s.tally.add(length, payload.byteAt(0), payload.byteAt(length - 1));
        bh.consume(payload);
        s.endOfPayload();
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
      while (s.payloadReady()) {
        int length = s.pending;
        ByteBuf payload = cumulation.readRetainedSlice(length);
        try {
          s.endOfPayload();
          s.tally.add(length, payload.getByte(0), payload.getByte(length - 1));
          bh.consume(payload);
        } finally {
          payload.release();
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
      while (s.payloadReady()) {
        Buffer payload = new Buffer();
        buffer.read(payload, s.pending);
        s.endOfPayload();
        long length = payload.size();
        s.tally.add(length, payload.getByte(0), payload.getByte(length - 1));
        bh.consume(payload);
        payload.clear();
      }
    }
    s.finish(in, "okio zero-copy");
  }

  /**
   * JDK baseline for zero-copy: a {@code slice} of the buffer, valid only until the next
   * {@code compact()}; the floor, not a peer.
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
      while (s.payloadReady()) {
        int length = s.pending;
        ByteBuffer payload = buffer.slice(buffer.position(), length);
        buffer.position(buffer.position() + length);
        s.endOfPayload();
        s.tally.add(length, payload.get(0), payload.get(length - 1));
        bh.consume(payload);
      }
      buffer.compact();
    }
    s.finish(in, "jdk slice");
  }
}
