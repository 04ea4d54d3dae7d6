package io.github.chunkedbuffer.bench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the report on small hand-made JMH JSON files; no benchmark runs and no timing matters. */
class ReportGeneratorTest {

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  /** One JMH result; {@code label} (may be null) is a {@code -Dbench.label.} flag of its fork. */
  private static String result(
      String benchmark, String params, int threads, double score, String alloc, String label) {
    String secondary =
        alloc == null
            ? "{}"
            : "{\"gc.alloc.rate.norm\":{\"score\":" + alloc + ",\"scoreUnit\":\"B/op\"}}";
    String jvmArgs = "\"-Xmx1g\"" + (label == null ? "" : ",\"-Dbench.label." + label + "\"");
    return "{\"jmhVersion\":\"1.37\",\"benchmark\":\"io.github.chunkedbuffer.bench." + benchmark
        + "\",\"mode\":\"thrpt\",\"threads\":" + threads + ",\"forks\":1,\"jvm\":\"java\","
        + "\"jvmArgs\":[" + jvmArgs + "],\"jdkVersion\":\"17.0.15\",\"vmName\":\"OpenJDK\","
        + "\"vmVersion\":\"17\",\"warmupIterations\":1,\"warmupTime\":\"1 s\","
        + "\"measurementIterations\":1,\"measurementTime\":\"1 s\",\"params\":" + params + ","
        + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":\"NaN\","
        + "\"scoreUnit\":\"ops/s\"},\"secondaryMetrics\":" + secondary + "}";
  }

  /** A many-connections result of ours, with the pool's hits and misses as JMH aux counters. */
  private static String many(double score, long hits, long misses) {
    return "{\"benchmark\":\"io.github.chunkedbuffer.bench.ManyConnectionsBench.ours\","
        + "\"mode\":\"thrpt\",\"threads\":1,\"params\":{\"read\":\"copy\"},"
        + "\"primaryMetric\":{\"score\":" + score + ",\"scoreUnit\":\"ops/s\"},"
        + "\"secondaryMetrics\":{\"poolHits\":{\"score\":" + hits + "},"
        + "\"poolMisses\":{\"score\":" + misses + "}}}";
  }

  private static String idle(String method, String params, double chunks, double bytes) {
    return "{\"benchmark\":\"io.github.chunkedbuffer.bench.IdleConnections." + method
        + "\",\"mode\":\"memory\",\"threads\":1,\"params\":" + params + ","
        + "\"primaryMetric\":{\"score\":" + bytes / 10_000 + ",\"scoreUnit\":\"B/connection\"},"
        + "\"secondaryMetrics\":{\"connections\":{\"score\":10000},\"chunks held\":{\"score\":"
        + chunks + "},\"bytes held\":{\"score\":" + bytes + "}}}";
  }

  /**
   * Round {@code k} (0..2): ours lines copy 300, 330, 240 against a best Netty of 200, 300, 200
   * (the best variant changes): per-round ratios 1.5, 1.1, 1.2.
   */
  private static String round(int k) {
    double[] ours = {300, 330, 240};
    double[] adaptive = {200, 300, 150};
    double[] pooled = {150, 250, 200};
    List<String> r = new ArrayList<>();
    r.add(result("LinesBench.copy_ours", "{\"mode\":\"plain\"}", 1, ours[k], "284.2", null));
    r.add(result("LinesBench.copy_ours", "{\"mode\":\"debug\"}", 1, 10, "284.2", null));
    r.add(result("LinesBench.copy_netty", "{\"allocator\":\"adaptive\",\"kind\":\"buffer\"}", 1,
        adaptive[k], "284.1", null));
    r.add(result("LinesBench.copy_netty", "{\"allocator\":\"pooled\",\"kind\":\"buffer\"}", 1,
        pooled[k], "284.1", null));
    r.add(result("LinesBench.copy_okio", "{}", 1, 100.0, null, null));
    r.add(result("LinesBench.copy_jdk_floor", "{}", 1, 400.0, "284.0", null));
    r.add(result("LinesBench.zeroCopy_ours_view", "{\"mode\":\"plain\"}", 1, 400.0, "0.05", null));
    r.add(result("LinesBench.zeroCopy_netty", "{\"allocator\":\"pooled\",\"kind\":\"buffer\"}", 1,
        200.0, "0.0", null));
    r.add(result("FramesBench.zeroCopy_ours_view", "{}", 1, 100.0, "44.0", null));
    r.add(result("FramesBench.zeroCopy_okio", "{}", 1, 50.0, "2942.1", null));
    r.add(result("FramesBench.copy_ours", "{}", 1, 95.0, "7580", null));
    r.add(result("FramesBench.copy_jdk_floor", "{}", 1, 100.0, "7580", null));
    r.add(result("FramesBench.copy_netty", "{\"allocator\":\"pooled\",\"kind\":\"buffer\"}", 1,
        80.0, "7580", null));
    r.add(result("FindVectorBench.ours_vector", "{\"target\":\"absent\"}", 1, 50.0, "0.5", null));
    r.add(result("FindBench.netty_single", "{\"target\":\"absent\"}", 1, 20.0, "0.5", "vector=on"));
    r.add(result("FindBench.jdk_mismatch", "{\"target\":\"absent\"}", 1, 90.0, "0.1", "vector=on"));
    r.add(result("FindBench.ours", "{\"target\":\"absent\"}", 1, 30.0, "0.5", "vector=off"));
    r.add(result("FindBench.netty_single", "{\"target\":\"absent\"}", 1, 20.0, "0.5", "vector=off"));
    r.add(result("FindBench.jdk_mismatch", "{\"target\":\"absent\"}", 1, 90.0, "0.1", "vector=off"));
    r.add(result("PoolTwoThreadsBench.ours_threadLocal", "{}", 2, 40.0, "0.0", null));
    r.add(result("PoolTwoThreadsBench.netty_adaptive_heap", "{}", 2, 30.0, "0.0", null));
    r.add(result("PoolOneThreadBench.ours_threadLocal", "{}", 1, 30.0, "0.0", null));
    r.add(result("PoolOneThreadBench.netty_pooled_heap", "{}", 1, 10.0, "0.0", null));
    r.add(result("BulkBench.ours_zeroCopy", "{}", 1, 90.0, "1.0", null));
    r.add(result("BulkBench.jdk_arraycopy", "{}", 1, 100.0, "0.0", null));
    r.addAll(typedReads(k));
    // hits over the three rounds: 90 + 80 + 100 of 300 acquisitions
    r.add(many(1000.0, 90 - 10 * k + (k == 2 ? 30 : 0), 10 + 10 * k - (k == 2 ? 30 : 0)));
    r.add(result("ManyConnectionsBench.netty", "{\"read\":\"copy\",\"allocator\":\"pooled\"}",
        1, 800.0, "600.0", null));
    return "[" + String.join(",", r) + "]";
  }

  /** A Netty typed-reads result of one allocator, kind and layout. */
  private static String typedNetty(String method, String layout, double score) {
    return result("TypedReadsBench." + method, "{\"allocator\":\"pooled\",\"kind\":\"heapBuffer\","
        + "\"layout\":\"" + layout + "\"}", 1, score, "0.0", null);
  }

  /**
   * Round {@code k} (0..2) of the typed reads: ours {@code readInt} 110, 120, 100 against Netty's
   * single buffer 100, 100, 80 and composite 90, 110, 70 (the best variant changes): per-round
   * ratios 1.10, 1.09, 1.25; Okio at 55, 60, 40: 2.0, 2.0, 2.5. Ours {@code intAt} 50 against
   * Netty {@code getInt} 100 (0.5), allocating 16 B per read.
   */
  private static List<String> typedReads(int k) {
    double[] ours = {110, 120, 100};
    double[] single = {100, 100, 80};
    double[] composite = {90, 110, 70};
    double[] okio = {55, 60, 40};
    return List.of(
        result("TypedReadsBench.readInt_ours", "{}", 1, ours[k], "0.01", null),
        typedNetty("readInt_netty", "single", single[k]),
        typedNetty("readInt_netty", "composite", composite[k]),
        result("TypedReadsBench.readInt_okio", "{}", 1, okio[k], "0.0", null),
        result("TypedReadsBench.readInt_jdk", "{}", 1, 400.0, "0.0", null),
        result("TypedReadsBench.intAt_ours", "{}", 1, 50.0, "16.0", null),
        typedNetty("intAt_netty", "single", 100.0),
        typedNetty("intAt_netty", "composite", 60.0));
  }

  private static Path writeRound(Path dir, int k) throws Exception {
    Path round = dir.resolve("round-" + (k + 1));
    Files.createDirectories(round);
    Files.writeString(round.resolve("all.json"), round(k), StandardCharsets.UTF_8);
    String idle =
        "["
            + idle("drained_ours", "{\"pool\":\"heap\"}", 10_000, 40_960_000)
            + ","
            + idle("drained_netty", "{\"allocator\":\"pooled\",\"kind\":\"buffer\"}", 0, 0)
            + "]";
    Files.writeString(round.resolve("IdleConnections.json"), idle, StandardCharsets.UTF_8);
    return round;
  }

  private static String report(Path dir, Path... rounds) throws Exception {
    Path markdown = dir.resolve("BENCHMARKS.md");
    List<String> args = new ArrayList<>(List.of(
        markdown.toString(), dir.resolve("charts").toString(), "--command", "x", "--duration",
        "31 min"));
    for (Path round : rounds) {
      args.add(round.toString());
    }
    ReportGenerator.main(args.toArray(new String[0]));
    return Files.readString(markdown, StandardCharsets.UTF_8);
  }

  @Test
  void ratiosAreTakenWithinEachRoundAndTheMedianIsReportedWithItsRange(@TempDir Path dir)
      throws Exception {
    String md = report(dir, writeRound(dir, 0), writeRound(dir, 1), writeRound(dir, 2));

    // 300/200, 330/300, 240/200: median 1.20 of rounds 1.10..1.50, though the best Netty
    // variant differs between rounds (a ratio of medians would give 300/200 = 1.50).
    assertTrue(md.contains("| lines | copy | ours [plain] | 300 ops/s | **1.20×** | 1.10–1.50 |"), md);
    assertTrue(
        md.contains("Netty [adaptive, buffer] (2 rounds), Netty [pooled, buffer] (1 round)"), md);
    assertTrue(md.contains("| Rounds | 3, interleaved"), md);
    assertTrue(md.contains("| Run time | 31 min |"), md);
  }

  @Test
  void notesWrittenByHandStandBetweenTheGoalsAndTheSummary(@TempDir Path dir) throws Exception {
    Path notes = dir.resolve("notes.md");
    String text = "\n### Missed goals\n\nlines copy: the search.\n\n";
    Files.writeString(notes, text, StandardCharsets.UTF_8);
    Path markdown = dir.resolve("BENCHMARKS.md");
    ReportGenerator.main(
        new String[] {
          markdown.toString(), dir.resolve("charts").toString(), "--notes", notes.toString(),
          writeRound(dir, 0).toString()
        });
    String md = Files.readString(markdown, StandardCharsets.UTF_8);
    int goals = md.indexOf("## Goals");
    int missed = md.indexOf("### Missed goals\n\nlines copy: the search.\n\n## Summary");
    assertTrue(goals >= 0 && missed > goals, md);
  }

  @Test
  void goalsAreMetMissedOrReportedAsNotRun(@TempDir Path dir) throws Exception {
    String md = report(dir, writeRound(dir, 0), writeRound(dir, 1), writeRound(dir, 2));

    assertTrue(
        md.contains("| lines copy (`readUntil` to `byte[]`) | ≥ 1.2× best of Netty (4 variants)"
            + " and Okio | 1.20× of best of Netty ×4, Okio | 1.10–1.50 | 284.2 | **MET** |"),
        md);
    // against the floor, not against Netty (which it beats by more)
    assertTrue(md.contains("| frames copy | ≥ 0.9× the two-copy floor | 0.95× of two-copy floor |"), md);
    assertTrue(md.contains("| lines zero-copy (borrowed view) | ≥ 1.5× best Netty retained slice;"
        + " 0 B/message | 2.00× of best Netty retained slice ×4 | 2.00–2.00 | 0.1 | **MET** |"), md);
    // fast enough, but it allocates per message
    assertTrue(md.contains("| frames zero-copy (borrowed view) | ≥ 1.2× best of Netty slices and Okio"
        + " moves; 0 B/message | 2.00× of best of Netty slice ×4, Okio move | 2.00–2.00 | 44.0 |"
        + " MISSED (allocates 44.0 B/message) |"), md);
    // the search without the vector module (FindBench) and with it (FindVectorBench, another
    // class, against FindBench's Netty rows of the same round); those goals are not judged on 17
    assertTrue(md.contains("| `findByte`, 1 MiB (absent byte) | ≥ 2× best Netty search"
        + " | 1.50× of best of Netty composite, single | 1.50–1.50 | 0.5 | MISSED |"), md);
    assertTrue(md.contains("| `findByte`, 1 MiB (absent byte), vector module | ≥ 2× best Netty search"
        + " | 2.50× of best of Netty composite, single | 2.50–2.50 | 0.5 |"
        + " n/a on JDK 17 (a JDK 21 goal); would be met |"), md);
    assertTrue(md.contains("| `findByte`, 1 MiB (absent byte), vector module | ≥ 0.5× `Arrays.mismatch`"
        + " on JDK 25 with the vector module | 0.56× of `Arrays.mismatch` | 0.56–0.56 | 0.5 |"
        + " n/a on JDK 17 (a JDK 25 goal); would be met |"), md);
    assertTrue(md.contains("| thread-local pool acquire + release, 2 threads | ≥ 2× best Netty"
        + " allocator | 1.33× of best of Netty adaptive/pooled, heap/direct | 1.33–1.33 | 0.0 |"
        + " MISSED |"), md);
    assertTrue(md.contains("| idle pipes | no chunk held by an empty pipe with nothing lent |"
        + " 10,000 chunks, 40,960,000 B held by 10,000 drained pipes (Netty: 0 B) | — | — |"
        + " MISSED |"), md);
  }

  @Test
  void typedReadsAreJudgedAgainstTheBestNettyVariantWithOkioBesideAndNoAllocation(@TempDir Path dir)
      throws Exception {
    String md = report(dir, writeRound(dir, 0), writeRound(dir, 1), writeRound(dir, 2));

    // 110/100, 120/110, 100/80: the reference is single, composite, single in turn; Okio is shown
    // beside (110/55, 120/60, 100/40) and does not decide
    assertTrue(md.contains("| typed reads (`readInt`) | ≥ Netty `readInt`; 0 B/read | 1.10× of best"
        + " Netty `readInt` ×8; 2.00× of Okio `readInt` | 1.09–1.25 | 0.0 | **MET** |"), md);
    // half Netty's speed and allocating: missed, naming the allocation
    assertTrue(md.contains("| typed reads in place (`intAt`) | ≥ Netty `getInt`; 0 B/read | 0.50× of"
        + " best Netty `getInt` ×8 | 0.50–0.50 | 16.0 | MISSED (allocates 16.0 B/message) |"), md);
    // the workload's own section: a group per read, Netty's layouts as row labels, 4 B per read
    assertTrue(md.contains("## typed reads: `readInt` and `intAt` across 4 KiB chunks"), md);
    assertTrue(md.contains("### read-int\n"), md);
    assertTrue(md.contains("### int-at\n"), md);
    assertTrue(md.contains("| **ours** | ours | 110 ops/s | — | 0.00 | 1.10× | 1.09–1.25 | 0.0 |"),
        md);
    assertTrue(md.contains("| Netty [pooled, heapBuffer, composite] | peer | 90.0 ops/s |"), md);
    assertTrue(md.contains("| typed | read-int | ours | 110 ops/s | **1.10×** | 1.09–1.25 | Netty"
        + " [pooled, heapBuffer, single] (2 rounds), Netty [pooled, heapBuffer, composite] (1 round)"
        + " (best peer) |"), md);
    assertTrue(md.contains("![typed ratios](charts/typed.png)"), md);
  }

  @Test
  void copyRowsShowTheirRatioToTheFloor(@TempDir Path dir) throws Exception {
    String md = report(dir, writeRound(dir, 0), writeRound(dir, 1), writeRound(dir, 2));

    assertTrue(md.contains("### Copy workloads against their floor"), md);
    assertTrue(md.contains("| lines | copy | ours [plain] | **0.75×** | 0.60–0.83 |"), md);
    assertTrue(md.contains("| JDK floor | floor | 400 ops/s |"), md);
  }

  @Test
  void labelsSplitGroupsAndMemoryWorkloadsGetTheirOwnTable(@TempDir Path dir) throws Exception {
    String md = report(dir, writeRound(dir, 0), writeRound(dir, 1), writeRound(dir, 2));

    // FindVectorBench joins FindBench's tables; the vector label shows on the rows it is set on
    assertTrue(md.contains("### target=absent\n"), md);
    assertTrue(md.contains("| find | target=absent | ours vector | 50.0 ops/s | **2.50×** |"), md);
    assertTrue(md.contains("| find | target=absent | ours [off] | 30.0 ops/s | **1.50×** |"), md);
    assertTrue(md.contains("| Netty single [on] | peer |"), md);
    // pool results differ in thread count, so threads split the groups.
    assertTrue(md.contains("| pool | 1 thread | ours threadLocal | 30.0 ops/s | **3.00×** |"), md);
    // no peer in bulk: the JDK limit is the reference.
    assertTrue(md.contains("| bulk | all | ours zeroCopy | 90.0 ops/s | **0.90×** | 0.90–0.90 |"), md);
    assertTrue(md.contains("| **ours [heap]** | 4,096 | 10,000 | 40,960,000 | — | — |"), md);
    // hits and misses are summed over the rounds before dividing: 270 of 300
    assertTrue(md.contains("| **ours** | ours | 1,000 ops/s | — | 1.25× | 1.25–1.25 | — | 90.0 %"
        + " |"), md);
    assertTrue(md.contains("![lines ratios](charts/lines.png)"), md);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    for (String id : new String[] {"lines", "frames", "find", "pool", "bulk"}) {
      byte[] head = new byte[4];
      System.arraycopy(Files.readAllBytes(dir.resolve("charts/" + id + ".png")), 0, head, 0, 4);
      assertArrayEquals(png, head, id + ".png is not a PNG");
    }
    assertTrue(Files.notExists(dir.resolve("charts/idle.png")), "no ratio chart for memory");
  }

  @Test
  void aSingleRoundIsMarkedAsNotForPublishing(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("jmh-result.json");
    Files.writeString(json, round(0), StandardCharsets.UTF_8);

    String md = report(dir, json);

    assertTrue(md.contains("**Fewer than three rounds:**"), md);
    assertTrue(md.contains("| lines | copy | ours [plain] | 300 ops/s | **1.50×** | — |"), md);
  }

  @Test
  void aGoalWhoseBenchmarksDidNotRunIsNeverMet(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("bulk.json");
    Files.writeString(
        json,
        "[" + result("BulkBench.ours_zeroCopy", "{}", 1, 90.0, "1.0", null) + "]",
        StandardCharsets.UTF_8);

    String md = report(dir, json);

    assertTrue(md.contains("| lines copy (`readUntil` to `byte[]`) | ≥ 1.2× best of Netty (4 variants)"
        + " and Okio | — | — | — | NOT RUN: no results for ours |"), md);
    assertTrue(md.contains("| idle pipes | no chunk held by an empty pipe with nothing lent | — | — |"
        + " — | NOT RUN: no results for ours |"), md);
    assertTrue(md.contains("n/a on JDK 17 (a JDK 25 goal) |"), md);
    assertTrue(md.contains("n/a on JDK 17 (a JDK 21 goal) |"), md);
  }

  @Test
  void spreadTakesTheMiddleOfTheNumbersOnly() {
    assertEquals(2.0, Spread.of(3.0, 1.0, 2.0).median());
    assertEquals(1.5, Spread.of(1.0, 2.0).median());
    assertEquals(2, Spread.of(1.0, Double.NaN, 2.0, Double.POSITIVE_INFINITY).n());
    assertTrue(Spread.of(Double.NaN).isEmpty());
  }
}
