package io.github.chunkedbuffer.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * What the report says about each workload: its title, what one operation is, and a paragraph on
 * the input. Keyed by the benchmark class; unknown classes get a plain entry so a new benchmark
 * still shows up.
 */
final class Workloads {

  /**
   * A workload of the report.
   *
   * @param id short name, also the chart file name
   * @param title section heading
   * @param operation what one operation is (the score counts these per second)
   * @param bytesPerOp bytes processed per operation, to show GB/s; 0 when it varies
   * @param description a paragraph of Markdown on input and contenders
   * @param memory whether it measures memory held (a table of bytes, no ratios) instead of time
   */
  record Workload(
      String id,
      String title,
      String operation,
      long bytesPerOp,
      String description,
      boolean memory) {

    Workload(String id, String title, String operation, long bytesPerOp, String description) {
      this(id, title, operation, bytesPerOp, description, false);
    }

    /** The sentence that says what one operation is, or what is measured. */
    String operationSentence() {
      return memory ? operation : "One operation is " + operation + ".";
    }
  }

  /** Report order. */
  static final List<String> ORDER =
      List.of("lines", "frames", "find", "pool", "bulk", "many", "idle", "typed");

  private Workloads() {}

  static Workload of(String className) {
    return switch (className) {
      case "LinesBench" ->
          new Workload(
              "lines",
              "lines: CR LF framing",
              "one line",
              0,
              "4,096 lines of 8..512 random bytes (no CR/LF inside), each ending in CR LF, delivered"
                  + " in writes of 1..16 KiB (seeded); after each write every complete line is read,"
                  + " as a `byte[]` without CR LF (*copy*) or as a view closed/released after use"
                  + " (*zero-copy*; *ours view*: the pipe's one borrowed `ByteView`, pointed at each"
                  + " line by `readUntil(..., view)`). The *floor* copies each write into one buffer"
                  + " and each line out into a new `byte[]` with the line boundaries known in"
                  + " advance. Every contender copies each write in once and keeps its buffer"
                  + " across passes. The count, lengths and end bytes of the lines are checked"
                  + " against the generated input on every pass.");
      case "FramesBench" ->
          new Workload(
              "frames",
              "frames: RESP bulk strings",
              "one frame",
              0,
              "256 frames `$<len>\\r\\n<payload>\\r\\n` with payloads of 16 B..64 KiB (log-uniform,"
                  + " random bytes), same delivery as *lines*. The header is parsed in place (no"
                  + " allocation) and the payload taken once it and its CR LF are buffered, as a"
                  + " `byte[]` (*copy*) or a view (*zero-copy*; *ours view*: `readExact(n, view)`"
                  + " into the pipe's one borrowed `ByteView`). The *floor* copies each write in"
                  + " and each payload out with the frame boundaries known in advance (no header"
                  + " parsed). Checked like *lines*.");
      case "FindBench", "FindVectorBench" ->
          new Workload(
              "find",
              "find: byte search over 1 MiB",
              "one search over 1 MiB",
              1L << 20,
              "The index of a byte in 1 MiB of random bytes held in 16 KiB chunks (ours: a pipe with"
                  + " min = max chunk 16 KiB; Netty: a `CompositeByteBuf` of 16 KiB components and one"
                  + " 1 MiB buffer; Okio: a `Buffer`, whose segments are 8 KiB). *absent*: the byte"
                  + " never occurs; *end*: it is among the last 8 bytes. The searched byte changes on"
                  + " every call (8 in turn), and every answer is checked. The JDK rows are limits on"
                  + " one contiguous array: `String.indexOf` on Latin-1 bytes (a vectorised intrinsic)"
                  + " and `Arrays.mismatch` against a twin array (vectorised compare; it reads two"
                  + " arrays and cannot search for a given byte, so it only bounds the scan)."
                  + " *ours vector* (`FindVectorBench`) is ours in forks run with `--add-modules"
                  + " jdk.incubator.vector`, which turns on the Vector API search on JDK 21+; the"
                  + " other rows do not depend on the flag. Rows labelled *vector=on/off* come from"
                  + " a whole class run with and without the module (`run.sh CLASS:vector`).");
      case "PoolOneThreadBench", "PoolTwoThreadsBench" ->
          new Workload(
              "pool",
              "pool: acquire + release of 16 KiB",
              "one acquire + release",
              0,
              "Acquire a 16 KiB buffer, hand it to a Blackhole, release it; with 1 thread and with 2"
                  + " threads sharing each pool. Ours: `ChunkPools.get(\"heap\" | \"direct\" |"
                  + " \"thread-local\")`. Netty: `AdaptiveByteBufAllocator` (the 4.2 default) and"
                  + " `PooledByteBufAllocator.DEFAULT`, heap and direct. Floors: `new byte[16384]` and"
                  + " `ByteBuffer.allocateDirect(16384)` left to the garbage collector.");
      case "BulkBench" ->
          new Workload(
              "bulk",
              "bulk: 64 MiB through the pipe",
              "64 MiB",
              64L << 20,
              "64 MiB of random bytes written into a pipe in 64 KiB writes, each drained at once"
                  + " zero-copy with `ByteSequence.writeTo` into a gathering channel that discards."
                  + " The limit is `System.arraycopy` of the same bytes, 64 KiB at a time.");
      case "ManyConnectionsBench" ->
          new Workload(
              "many",
              "many connections: 10,000 connections fed round-robin",
              "one write (1..512 bytes) to one connection, with the reads it allows",
              0,
              "10,000 connections served in turn, one small write each, as an event loop serves many"
                  + " quiet clients; every connection carries the same seeded stream of CR LF lines"
                  + " of 8..512 bytes cut into writes of 1..512 bytes, each at its own place in it, and"
                  + " after each write every complete line is read (*read=copy*: a `byte[]`;"
                  + " *read=zeroCopy*: a view released after use). Every connection keeps its partial"
                  + " line between writes, so the working set is 10,000 buffers. Ours: a pipe per"
                  + " connection (`write`, `readUntil`/`readUntilZeroCopy`; *ours view*: one borrowed"
                  + " `ByteView` per connection, `readUntil(..., view)`); the pool hit rate is"
                  + " `hits / (hits + misses)` of its `PoolStats` over the measured iterations."
                  + " Netty: per connection the read path of a NIO channel with a"
                  + " `ByteToMessageDecoder`: receive buffers `ioBuffer(guess)` sized by the"
                  + " channel's `AdaptiveRecvByteBufAllocator` handle, Netty's own `MERGE_CUMULATOR`,"
                  + " lines found as `LineBasedFrameDecoder` finds them, a fully read cumulation"
                  + " released, `discardSomeReadBytes` as the decoder calls it; each allocator with"
                  + " `buffer` (the channel's allocator: direct where Netty uses `Unsafe`) and"
                  + " `heapBuffer` (a `PreferHeapByteBufAllocator`). Each connection checks its lines"
                  + " whenever its stream comes round.");
      case "IdleConnections" ->
          new Workload(
              "idle",
              "idle connections: memory held by 10,000 connections",
              "Measured by a plain program (`IdleConnections`), not JMH: memory is counted, not"
                  + " timed; the values are the median over the rounds.",
              0,
              "*drained*: each of 10,000 connections received one request (a 298-byte line and CR"
                  + " LF) and read it (a view, closed after use); ours through `Pipe.readFrom(channel)`"
                  + " as from a socket. *partial*: the same, then the first 100 bytes of a second"
                  + " request. *busy*: the *many connections* workload's connections after they were"
                  + " staggered and served one more write (partial lines of 0..512 bytes). Ours"
                  + " counts the chunks lent and not given back with a counting wrapper around the"
                  + " `heap` pool; Netty's connections are those of *many connections* (receive"
                  + " buffer from the adaptive handle, `MERGE_CUMULATOR`, slices released after"
                  + " use): a cumulation read to its end is released and dropped, as"
                  + " `ByteToMessageDecoder.channelRead` does, so what a Netty connection holds is"
                  + " the capacity of the cumulation it keeps. *Pool or allocator memory in use* is"
                  + " the change in what the pool (held plus cached) or Netty's allocator metric"
                  + " (`usedHeapMemory + usedDirectMemory`) reports; *Java heap per connection* is"
                  + " measured for ours after full GCs (pipe objects, and heap chunks held, without"
                  + " the pool's cache).",
              true);
      case "TypedReadsBench" ->
          new Workload(
              "typed",
              "typed reads: `readInt` and `intAt` across 4 KiB chunks",
              "one big-endian `int` read",
              Integer.BYTES,
              "8,192 seeded random ints behind a 1-byte prefix, so that every 4 KiB chunk"
                  + " boundary cuts an int (8 of them straddle two chunks). Each pass reads all"
                  + " of them, sums them and checks the sum. *read-int*: the consuming read (ours"
                  + " `Pipe.readInt()`, Netty `ByteBuf.readInt()`, Okio `Buffer.readInt()`, JDK"
                  + " relative `ByteBuffer.getInt()`); *int-at*: the getter at `4 * i`, consuming"
                  + " nothing (ours `intAt`, Netty `getInt`, JDK `getInt(int)`; Okio has none)."
                  + " Ours: a pipe with min = max chunk 4 KiB; Netty: each allocator and kind as"
                  + " one buffer (*single*) and as a `CompositeByteBuf` of the same 4 KiB cut"
                  + " (*composite*), eight variants; Okio: a `Buffer` (8 KiB segments); JDK: one"
                  + " heap `ByteBuffer`. Only the reads are timed: before each pass (JMH"
                  + " `Level.Invocation`, untimed) Netty and the JDK set their reader index back,"
                  + " ours and Okio, which cannot rewind, get the bytes written again; B/op counts"
                  + " that refill too (ours: the objects of the 9 pooled chunks it takes, about"
                  + " 0.13 B per read; the reads allocate nothing).");
      default -> {
        String id = className.replaceFirst("Bench$", "").toLowerCase(Locale.ROOT);
        yield new Workload(id, id, "one operation", 0, "Benchmark class `" + className + "`.");
      }
    };
  }
}
