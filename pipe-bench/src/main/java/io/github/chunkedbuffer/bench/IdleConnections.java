package io.github.chunkedbuffer.bench;

import static io.github.chunkedbuffer.bench.StreamInput.CR;
import static io.github.chunkedbuffer.bench.StreamInput.LF;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.Pipe;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Workload "idle connections": what {@value #CONNECTIONS} connections hold between requests. A memory
 * measurement, not a timed one, so a plain program rather than a JMH benchmark; {@code run.sh} runs it
 * in every round with the same JVM flags as the benchmark forks, on a {@link FastThreadLocalThread}.
 *
 * <p>Three states, each for ours and for Netty with both allocators and both buffer kinds:
 *
 * <ul>
 *   <li>{@code drained}: every connection received one request, a {@value #REQUEST}-byte line with
 *       its CR LF, and the line was read (as a view, closed after use). Ours: the bytes arrive through
 *       {@code Pipe.readFrom(channel)}, as from a socket. Netty: one read loop of {@link
 *       NettyLineConnection} (receive buffer from the channel's adaptive handle, {@code
 *       ByteToMessageDecoder}'s merge cumulation, a retained slice per line, released after use),
 *       after which the decoder releases its fully read cumulation and holds nothing.
 *   <li>{@code partial}: the same, then the first {@value #PARTIAL} bytes of a second request: every
 *       connection holds a partial line.
 *   <li>{@code busy}: the {@link ManyConnectionsBench} connections after it staggered them and served
 *       each one more write: partial lines of 0..512 bytes.
 * </ul>
 *
 * <p>Reported per state and contender (a JMH-shaped JSON array that the report reads with the
 * benchmark results): bytes held per connection (the score), chunks or buffers held, bytes held (for
 * ours counted by a {@link CountingPool} around the {@code bench.pool} pool; for Netty the capacity
 * of the cumulations the connections keep), the change in what the pool or allocator keeps in use
 * (held plus cached), and for ours the Java heap per connection after a full GC (the pipe objects,
 * and the chunks when the pool is on the heap, without the pool's cache).
 *
 * <pre>
 * java [fork flags] -cp benchmarks.jar io.github.chunkedbuffer.bench.IdleConnections out.json
 * </pre>
 */
public final class IdleConnections {

  /** Connections per state. */
  static final int CONNECTIONS = 10_000;

  /** Bytes of one request: a line of {@code REQUEST - 2} bytes and CR LF. */
  static final int REQUEST = 300;

  /** Bytes of the second request that the {@code partial} state delivers. */
  static final int PARTIAL = 100;

  private static final byte[] CRLF = {CR, LF};
  private static final String[] ALLOCATORS = {"adaptive", "pooled"};
  private static final String[] KINDS = {"buffer", "heapBuffer"};
  private static final String[] STATES = {"drained", "partial", "busy"};

  private final Blackhole bh =
      new Blackhole(
          "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
  private final byte[] requests;
  private final List<JsonObject> results = new ArrayList<>();

  private IdleConnections() {
    requests = new byte[REQUEST * 2];
    for (int r = 0; r < 2; r++) {
      for (int i = 0; i < REQUEST - 2; i++) {
        requests[r * REQUEST + i] = (byte) ('a' + (i + r) % 26);
      }
      requests[r * REQUEST + REQUEST - 2] = CR;
      requests[r * REQUEST + REQUEST - 1] = LF;
    }
  }

  /**
   * Measures every state and writes the results to the file named by {@code args[0]}.
   *
   * @param args the output file
   * @throws Exception when a measurement or the write fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: IdleConnections <out.json>");
      System.exit(2);
    }
    IdleConnections run = new IdleConnections();
    Throwable[] failure = new Throwable[1];
    Thread thread =
        new FastThreadLocalThread(
            () -> {
              try {
                run.measureAll();
              } catch (Throwable t) {
                failure[0] = t;
              }
            },
            "idle-connections");
    thread.start();
    thread.join();
    if (failure[0] != null) {
      throw new IllegalStateException("idle-connections measurement failed", failure[0]);
    }
    JsonArray array = new JsonArray();
    run.results.forEach(array::add);
    Path out = Path.of(args[0]);
    Files.writeString(
        out, new GsonBuilder().setPrettyPrinting().create().toJson(array), StandardCharsets.UTF_8);
    System.out.println("wrote " + run.results.size() + " results to " + out);
  }

  private void measureAll() throws IOException {
    StreamInput busyInput = StreamInput.lines(
        ManyConnectionsBench.LINES, 512, ManyConnectionsBench.MAX_WRITE);
    for (String state : STATES) {
      // The first pass of each contender warms code and caches; only the second is recorded.
      for (int pass = 0; pass < 2; pass++) {
        boolean record = pass == 1;
        ours(state, busyInput, record);
        for (String allocator : ALLOCATORS) {
          for (String kind : KINDS) {
            netty(state, allocator, kind, busyInput, record);
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ ours

  private void ours(String state, StreamInput busyInput, boolean record) throws IOException {
    ChunkPool shared = AbstractBench.pipePool();
    CountingPool pool = new CountingPool(shared);
    // What the measurement itself keeps (the busy set's bookkeeping) exists before the baseline.
    ManyConnectionsBench.Ours busy = state.equals("busy") ? new ManyConnectionsBench.Ours() : null;
    Pipe[] pipes = busy != null ? busy.pipes : new Pipe[CONNECTIONS];
    long heapBefore = heapAfterGc();
    long pooledBefore = shared.stats().pooledBytes();
    if (busy != null) {
      busy.read = "zeroCopy";
      busy.open(busyInput, pool, bh);
      for (int c = 0; c < CONNECTIONS; c++) {
        busy.serve(busyInput, c, bh);
      }
    } else {
      for (int c = 0; c < CONNECTIONS; c++) {
        Pipe pipe = Pipe.builder().pool(pool).build();
        pipes[c] = pipe;
        receive(pipe, 0, REQUEST);
        readRequest(pipe, c);
        if (state.equals("partial")) {
          receive(pipe, REQUEST, PARTIAL);
          if (pipe.readUntilZeroCopy(CRLF, true) != null || pipe.length() != PARTIAL) {
            throw new IllegalStateException("ours: connection " + c + " read a partial line");
          }
        }
      }
    }
    long heapAfter = heapAfterGc();
    long pooledAfter = shared.stats().pooledBytes();
    long chunks = pool.outstandingChunks();
    long bytes = pool.outstandingBytes();
    long cacheChange = pooledAfter - pooledBefore;
    long heapChange = heapAfter - heapBefore - (pool.lentDirect() ? 0 : cacheChange);
    if (record) {
      Map<String, Double> secondary = new TreeMap<>();
      secondary.put("connections", (double) CONNECTIONS);
      secondary.put("chunks held", (double) chunks);
      secondary.put("bytes held", (double) bytes);
      secondary.put("memory in use", (double) (bytes + cacheChange));
      secondary.put("heap per connection", (double) heapChange / CONNECTIONS);
      add(state + "_ours", Map.of("pool", shared.name()), (double) bytes / CONNECTIONS, secondary);
    }
    for (Pipe pipe : pipes) {
      pipe.close();
    }
    if (busy != null) {
      busy.tearDown();
    }
    if (pool.outstandingChunks() != 0) {
      throw new IllegalStateException(
          "ours: " + pool.outstandingChunks() + " chunks still lent after closing every pipe");
    }
    bh.consume(pipes);
  }

  /** Delivers {@code requests[off, off + n)} through {@code readFrom}, as a socket would. */
  private void receive(Pipe pipe, int off, int n) throws IOException {
    Channel channel = new Channel(requests, off, n);
    while (channel.left() > 0) {
      pipe.readFrom(channel);
    }
  }

  private void readRequest(Pipe pipe, int c) throws IOException {
    try (ByteSequence line = pipe.readUntilZeroCopy(CRLF, true)) {
      if (line == null || line.length() != REQUEST - 2 || pipe.length() != 0) {
        throw new IllegalStateException("ours: connection " + c + " did not read its request");
      }
      bh.consume(line.byteAt(REQUEST - 3));
    }
  }

  // ------------------------------------------------------------------ Netty

  private void netty(
      String state, String allocator, String kind, StreamInput busyInput, boolean record)
      throws IOException {
    ByteBufAllocatorMetric metric =
        ((ByteBufAllocatorMetricProvider) NettyAllocators.named(allocator)).metric();
    long usedBefore = metric.usedHeapMemory() + metric.usedDirectMemory();
    NettyLineConnection[] connections;
    if (state.equals("busy")) {
      ManyConnectionsBench.Netty busy = new ManyConnectionsBench.Netty();
      busy.allocator = allocator;
      busy.kind = kind;
      busy.read = "zeroCopy";
      busy.open(busyInput, bh);
      for (int c = 0; c < CONNECTIONS; c++) {
        busy.serve(busyInput, c, bh);
      }
      connections = busy.connections;
    } else {
      ByteBufAllocator alloc = NettyAllocators.forKind(allocator, kind);
      connections = new NettyLineConnection[CONNECTIONS];
      for (int c = 0; c < CONNECTIONS; c++) {
        NettyLineConnection connection = new NettyLineConnection(alloc, false);
        connections[c] = connection;
        connection.receive(requests, 0, REQUEST, bh);
        if (state.equals("partial")) {
          connection.receive(requests, REQUEST, PARTIAL, bh);
        }
        int left = state.equals("partial") ? PARTIAL : 0;
        if (connection.tally.count() == 1 && connection.buffered() == left) {
          continue;
        }
        throw new IllegalStateException(
            "netty: connection " + c + " delivered " + connection.tally + ", kept "
                + connection.buffered() + " bytes");
      }
    }
    long buffers = 0;
    long bytes = 0;
    for (NettyLineConnection connection : connections) {
      int capacity = connection.heldCapacity();
      buffers += capacity > 0 ? 1 : 0;
      bytes += capacity;
    }
    long usedAfter = metric.usedHeapMemory() + metric.usedDirectMemory();
    if (record) {
      Map<String, Double> secondary = new TreeMap<>();
      secondary.put("connections", (double) CONNECTIONS);
      secondary.put("chunks held", (double) buffers);
      secondary.put("bytes held", (double) bytes);
      secondary.put("memory in use", (double) (usedAfter - usedBefore));
      add(
          state + "_netty",
          Map.of("allocator", allocator, "kind", kind),
          (double) bytes / CONNECTIONS,
          secondary);
    }
    for (NettyLineConnection connection : connections) {
      connection.close();
    }
  }

  // ------------------------------------------------------------------ measuring and writing

  private static long heapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private void add(
      String method,
      Map<String, String> params,
      double bytesPerConnection,
      Map<String, Double> secondary) {
    JsonObject o = new JsonObject();
    o.addProperty("jmhVersion", "none (plain program)");
    o.addProperty("benchmark", IdleConnections.class.getName() + "." + method);
    o.addProperty("mode", "memory");
    o.addProperty("threads", 1);
    o.addProperty("forks", 1);
    o.addProperty("jvm", ProcessHandle.current().info().command().orElse("java"));
    JsonArray jvmArgs = new JsonArray();
    ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(jvmArgs::add);
    o.add("jvmArgs", jvmArgs);
    o.addProperty("jdkVersion", System.getProperty("java.version"));
    o.addProperty("vmName", System.getProperty("java.vm.name"));
    o.addProperty("vmVersion", System.getProperty("java.vm.version"));
    JsonObject p = new JsonObject();
    new TreeMap<>(params).forEach(p::addProperty);
    o.add("params", p);
    o.add("primaryMetric", metric(bytesPerConnection, "B/connection"));
    JsonObject s = new JsonObject();
    secondary.forEach(
        (name, value) ->
            s.add(name, metric(value, unit(name))));
    o.add("secondaryMetrics", s);
    results.add(o);
  }

  private static String unit(String metric) {
    if (metric.equals("chunks held") || metric.equals("connections")) {
      return "#";
    }
    return metric.endsWith("per connection") ? "B/connection" : "B";
  }

  private static JsonObject metric(double score, String unit) {
    JsonObject m = new JsonObject();
    m.addProperty("score", score);
    m.addProperty("scoreError", "NaN");
    m.addProperty("scoreUnit", unit);
    return m;
  }

  /** A socket stand-in: delivers {@code data[off, off + n)}, at most what the buffer has room for. */
  private static final class Channel implements ReadableByteChannel {
    private final byte[] data;
    private int at;
    private final int end;

    Channel(byte[] data, int off, int n) {
      this.data = data;
      this.at = off;
      this.end = off + n;
    }

    int left() {
      return end - at;
    }

    @Override
    public int read(ByteBuffer dst) {
      int n = Math.min(dst.remaining(), end - at);
      dst.put(data, at, n);
      at += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
