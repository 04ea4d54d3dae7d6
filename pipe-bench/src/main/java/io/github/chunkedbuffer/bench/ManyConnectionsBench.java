package io.github.chunkedbuffer.bench;

import static io.github.chunkedbuffer.bench.StreamInput.CR;
import static io.github.chunkedbuffer.bench.StreamInput.LF;
import static io.github.chunkedbuffer.bench.StreamInput.malformed;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ByteView;
import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PoolStats;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Workload "many connections": {@value #CONNECTIONS} connections fed round-robin, one small write
 * each in turn, as a server's event loop serves many quiet clients. Every connection carries the
 * same seeded stream of {@value #LINES} CR LF lines of 8..512 bytes cut into writes of
 * 1..{@value #MAX_WRITE} bytes, each connection at its own place in it; after each write every
 * complete line is read (parameter {@code read}: {@code copy}, a {@code byte[]}, or {@code
 * zeroCopy}, a view released after use, or for ours also a borrowed view, {@code ours_view}). One operation is one write with the reads it allows; one
 * invocation gives every connection one write.
 *
 * <p>What differs from the one-connection workloads is the memory: every connection keeps its
 * partial line between writes, so the working set is {@value #CONNECTIONS} buffers, not one, and a
 * connection that empties gives its chunk back. Each connection checks its lines (count, lengths,
 * end bytes) every time its stream comes round to the start.
 *
 * <p>Ours reports its pool's hits and misses during each iteration ({@code poolHits},
 * {@code poolMisses}, from {@link PoolStats}); the hit rate is {@code hits / (hits + misses)}.
 */
public class ManyConnectionsBench extends AbstractBench {

  /** Connections served round-robin (and operations per invocation). */
  static final int CONNECTIONS = 10_000;

  /** Lines in the stream each connection carries before it starts over. */
  static final int LINES = 1024;

  /** Largest write; writes are 1..this many bytes. */
  static final int MAX_WRITE = 512;

  /** Connection {@code c} starts at write {@code c % STAGGER}, so that they are out of step. */
  static final int STAGGER = 97;

  private static final byte[] CRLF = {CR, LF};

  /** The seeded stream, shared read-only by all threads and connections. */
  @State(Scope.Benchmark)
  public static class Input {
    StreamInput stream;

    @Setup(Level.Trial)
    public void setup() {
      stream = StreamInput.lines(LINES, 512, MAX_WRITE);
    }
  }

  /** Whether the {@code read} parameter asks for copies ({@code copy}) or views ({@code zeroCopy}). */
  static boolean copies(String read) {
    return switch (read) {
      case "copy" -> true;
      case "zeroCopy" -> false;
      default -> throw new IllegalArgumentException("read " + read + "; use copy or zeroCopy");
    };
  }

  /** Where each connection is in the stream; the part every contender shares. */
  abstract static class Connections {
    /** The next write of each connection. */
    final int[] nextWrite = new int[CONNECTIONS];

    /** The offset in the stream of each connection's next write. */
    final int[] nextOffset = new int[CONNECTIONS];

    /** Sends connection {@code c} its next write; checks it when its stream starts over. */
    final void serve(StreamInput stream, int c, Blackhole bh) throws IOException {
      int w = nextWrite[c];
      int off = nextOffset[c];
      int n = stream.writes[w];
      receive(c, stream.data, off, n, bh);
      if (w + 1 < stream.writes.length) {
        nextWrite[c] = w + 1;
        nextOffset[c] = off + n;
      } else {
        nextWrite[c] = 0;
        nextOffset[c] = 0;
        endOfStream(c, stream);
      }
    }

    /** Brings every connection to its starting write, as if it had been served from the start. */
    final void stagger(StreamInput stream, Blackhole bh) throws IOException {
      for (int c = 0; c < CONNECTIONS; c++) {
        for (int k = c % STAGGER; k > 0; k--) {
          serve(stream, c, bh);
        }
      }
    }

    /** Connection {@code c} receives {@code data[off, off + n)} and takes out its complete lines. */
    abstract void receive(int c, byte[] data, int off, int n, Blackhole bh) throws IOException;

    /** Connection {@code c} has received the whole stream: check and reset its tally. */
    abstract void endOfStream(int c, StreamInput stream);
  }

  /** Ours: one pipe per connection with default chunk sizes on one pool; what both of ours share. */
  abstract static class Pipes extends Connections {
    final Pipe[] pipes = new Pipe[CONNECTIONS];
    final Tally[] tallies = new Tally[CONNECTIONS];
    ChunkPool pool;

    Pipes() {
      for (int c = 0; c < CONNECTIONS; c++) {
        tallies[c] = new Tally();
      }
    }

    /** Opens every connection's pipe on {@code chunkPool} and staggers them. */
    void open(StreamInput stream, ChunkPool chunkPool, Blackhole bh) throws IOException {
      pool = chunkPool;
      for (int c = 0; c < CONNECTIONS; c++) {
        pipes[c] = Pipe.builder().pool(pool).build();
        opened(c);
      }
      stagger(stream, bh);
    }

    /** Called once the pipe of connection {@code c} is open. */
    void opened(int c) {}

    void closeAll() {
      for (Pipe pipe : pipes) {
        pipe.close();
      }
    }

    @Override
    void endOfStream(int c, StreamInput stream) {
      if (pipes[c].length() != 0) {
        throw malformed("ours", "connection " + c + " has " + pipes[c].length() + " bytes left");
      }
      tallies[c].verify(stream.expected, "ours, connection " + c);
      tallies[c].reset();
    }
  }

  /**
   * Ours: each write copied in with {@code write}, lines taken with {@code readUntil} ({@code
   * copy}) or {@code readUntilZeroCopy} ({@code zeroCopy}, closed after use).
   */
  @State(Scope.Thread)
  public static class Ours extends Pipes {
    @Param({"copy", "zeroCopy"})
    public String read;

    private boolean copy;

    @Setup(Level.Trial)
    public void setup(Input in, Blackhole bh) throws IOException {
      requireFastThread();
      open(in.stream, pipePool(), bh);
    }

    @Override
    void open(StreamInput stream, ChunkPool chunkPool, Blackhole bh) throws IOException {
      copy = copies(read);
      super.open(stream, chunkPool, bh);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      closeAll();
    }

    @Override
    void receive(int c, byte[] data, int off, int n, Blackhole bh) throws IOException {
      Pipe pipe = pipes[c];
      Tally tally = tallies[c];
      pipe.write(data, off, n);
      if (copy) {
        for (byte[] line; (line = pipe.readUntil(CRLF, true)) != null; ) {
          tally.add(line.length, line[0], line[line.length - 1]);
          bh.consume(line);
        }
      } else {
        for (ByteSequence line; (line = pipe.readUntilZeroCopy(CRLF, true)) != null; ) {
          try (ByteSequence view = line) {
            long length = view.length();
            tally.add(length, view.byteAt(0), view.byteAt(length - 1));
            bh.consume(view);
          }
        }
      }
    }
  }

  /**
   * Ours with borrowed views: each connection keeps one {@link ByteView} of its pipe, pointed at
   * each line by {@code readUntil(..., view)}.
   */
  @State(Scope.Thread)
  public static class OursView extends Pipes {
    /** Only {@code zeroCopy}: it puts the view beside the other zero-copy contenders. */
    @Param({"zeroCopy"})
    public String read;

    final ByteView[] views = new ByteView[CONNECTIONS];

    @Setup(Level.Trial)
    public void setup(Input in, Blackhole bh) throws IOException {
      requireFastThread();
      if (copies(read)) {
        throw new IllegalArgumentException("a borrowed view does not copy; use read=zeroCopy");
      }
      open(in.stream, pipePool(), bh);
    }

    @Override
    void opened(int c) {
      views[c] = pipes[c].newView();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      closeAll();
    }

    @Override
    void receive(int c, byte[] data, int off, int n, Blackhole bh) throws IOException {
      Pipe pipe = pipes[c];
      ByteView view = views[c];
      Tally tally = tallies[c];
      pipe.write(data, off, n);
      while (pipe.readUntil(CRLF, true, Long.MAX_VALUE, view)) {
        long length = view.length();
        tally.add(length, view.byteAt(0), view.byteAt(length - 1));
        bh.consume(view);
      }
    }
  }

  /**
   * Netty: one {@link NettyLineConnection} per connection (receive buffers sized by the channel's
   * adaptive handle, {@code ByteToMessageDecoder}'s merge cumulation, lines as {@code
   * LineBasedFrameDecoder} finds them), for each allocator and kind of buffer.
   */
  @State(Scope.Thread)
  public static class Netty extends Connections {
    @Param({"adaptive", "pooled"})
    public String allocator;

    /** {@code buffer}: what the channel's allocator gives (direct where Netty uses Unsafe); {@code heapBuffer}. */
    @Param({"buffer", "heapBuffer"})
    public String kind;

    @Param({"copy", "zeroCopy"})
    public String read;

    final NettyLineConnection[] connections = new NettyLineConnection[CONNECTIONS];

    @Setup(Level.Trial)
    public void setup(Input in, Blackhole bh) throws IOException {
      requireFastThread();
      open(in.stream, bh);
    }

    /** Opens every connection and staggers them. */
    void open(StreamInput stream, Blackhole bh) throws IOException {
      boolean copy = copies(read);
      ByteBufAllocator alloc = NettyAllocators.forKind(allocator, kind);
      for (int c = 0; c < CONNECTIONS; c++) {
        connections[c] = new NettyLineConnection(alloc, copy);
      }
      stagger(stream, bh);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      for (NettyLineConnection connection : connections) {
        connection.close();
      }
    }

    @Override
    void receive(int c, byte[] data, int off, int n, Blackhole bh) {
      connections[c].receive(data, off, n, bh);
    }

    @Override
    void endOfStream(int c, StreamInput stream) {
      NettyLineConnection connection = connections[c];
      if (connection.buffered() != 0) {
        throw malformed("netty", "connection " + c + " has " + connection.buffered() + " bytes left");
      }
      connection.tally.verify(stream.expected, "netty, connection " + c);
      connection.tally.reset();
    }
  }

  /**
   * Our pool's hits and misses during the iteration, from its {@link PoolStats}: JMH adds them up
   * and reports them beside the score.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class PoolCounters {
    public long poolHits;
    public long poolMisses;

    @Setup(Level.Iteration)
    public void reset() {
      poolHits = 0;
      poolMisses = 0;
    }

    void add(PoolStats before, PoolStats after) {
      poolHits += after.hits() - before.hits();
      poolMisses += after.misses() - before.misses();
    }
  }

  @Benchmark
  @OperationsPerInvocation(CONNECTIONS)
  public void ours(Input in, Ours s, PoolCounters counters, Blackhole bh) throws IOException {
    serveAll(in.stream, s, counters, bh);
  }

  @Benchmark
  @OperationsPerInvocation(CONNECTIONS)
  public void ours_view(Input in, OursView s, PoolCounters counters, Blackhole bh)
      throws IOException {
    serveAll(in.stream, s, counters, bh);
  }

  /** Serves every connection once, adding the pool's hits and misses to {@code counters}. */
  private static void serveAll(StreamInput stream, Pipes s, PoolCounters counters, Blackhole bh)
      throws IOException {
    PoolStats before = s.pool.stats();
    for (int c = 0; c < CONNECTIONS; c++) {
      s.serve(stream, c, bh);
    }
    counters.add(before, s.pool.stats());
  }

  @Benchmark
  @OperationsPerInvocation(CONNECTIONS)
  public void netty(Input in, Netty s, Blackhole bh) throws IOException {
    StreamInput stream = in.stream;
    for (int c = 0; c < CONNECTIONS; c++) {
      s.serve(stream, c, bh);
    }
  }
}
