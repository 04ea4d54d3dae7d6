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
   */
  record Workload(String id, String title, String operation, long bytesPerOp, String description) {}

  /** Report order. */
  static final List<String> ORDER = List.of("lines", "frames", "find", "pool", "bulk");

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
                  + " (*zero-copy*). Every contender copies each write in once and keeps its buffer"
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
                  + " `byte[]` (*copy*) or a view (*zero-copy*). Checked like *lines*.");
      case "FindBench" ->
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
                  + " arrays and cannot search for a given byte, so it only bounds the scan).");
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
      default -> {
        String id = className.replaceFirst("Bench$", "").toLowerCase(Locale.ROOT);
        yield new Workload(id, id, "one operation", 0, "Benchmark class `" + className + "`.");
      }
    };
  }
}
