package io.github.chunkedbuffer.bench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the report on a small hand-made JMH JSON file; no benchmark runs and no timing matters. */
class ReportGeneratorTest {

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  private static String result(
      String benchmark, String params, int threads, double score, String error, String alloc) {
    String secondary =
        alloc == null
            ? "{}"
            : "{\"gc.alloc.rate.norm\":{\"score\":" + alloc + ",\"scoreUnit\":\"B/op\"}}";
    return "{\"jmhVersion\":\"1.37\",\"benchmark\":\"io.github.chunkedbuffer.bench." + benchmark
        + "\",\"mode\":\"thrpt\",\"threads\":" + threads + ",\"forks\":1,\"jvm\":\"java\","
        + "\"jvmArgs\":[\"-Xmx1g\"],\"jdkVersion\":\"17.0.15\",\"vmName\":\"OpenJDK\","
        + "\"vmVersion\":\"17\",\"warmupIterations\":1,\"warmupTime\":\"1 s\","
        + "\"measurementIterations\":1,\"measurementTime\":\"1 s\",\"params\":" + params + ","
        + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":" + error
        + ",\"scoreUnit\":\"ops/s\"},\"secondaryMetrics\":" + secondary + "}";
  }

  @Test
  void writesTablesRatiosAndChartsFromJmhJson(@TempDir Path dir) throws Exception {
    String json =
        "["
            + String.join(
                ",",
                result("LinesBench.copy_ours", "{}", 1, 300.0, "\"NaN\"", "284.2"),
                result("LinesBench.copy_netty", "{\"allocator\":\"adaptive\"}", 1, 200.0, "10.0", "284.1"),
                result("LinesBench.copy_netty", "{\"allocator\":\"pooled\"}", 1, 150.0, "10.0", "284.1"),
                result("LinesBench.copy_okio", "{}", 1, 100.0, "5.0", null),
                result("FindBench.ours", "{\"target\":\"absent\"}", 1, 50.0, "1.0", "0.5"),
                result("FindBench.okio", "{\"target\":\"absent\"}", 1, 25.0, "1.0", "0.5"),
                result("PoolTwoThreadsBench.ours_heap", "{}", 2, 40.0, "1.0", "0.0"),
                result("PoolOneThreadBench.ours_heap", "{}", 1, 30.0, "1.0", "0.0"),
                result("PoolOneThreadBench.netty_pooled_heap", "{}", 1, 60.0, "1.0", "0.0"),
                result("BulkBench.ours_zeroCopy", "{}", 1, 90.0, "1.0", "1.0"),
                result("BulkBench.jdk_arraycopy", "{}", 1, 100.0, "1.0", "0.0"))
            + "]";
    Path input = dir.resolve("jmh-result.json");
    Files.writeString(input, json, StandardCharsets.UTF_8);
    Path markdown = dir.resolve("BENCHMARKS.md");
    Path charts = dir.resolve("bench-results");

    ReportGenerator.main(
        new String[] {input.toString(), markdown.toString(), charts.toString(), "--command", "x"});

    String md = Files.readString(markdown, StandardCharsets.UTF_8);
    // ours copy against the better Netty allocator: 300 / 200.
    assertTrue(md.contains("| lines | copy | ours | 300 ops/s | **1.50×** | Netty [adaptive] (best peer) |"), md);
    // the parameter every find result has becomes the group, not part of the label.
    assertTrue(md.contains("### target=absent"), md);
    assertTrue(md.contains("| find | target=absent | ours | 50.0 ops/s | **2.00×** |"), md);
    // pool results differ in thread count, so threads split the groups.
    assertTrue(md.contains("| pool | 1 thread | ours heap | 30.0 ops/s | **0.50×** |"), md);
    assertTrue(md.contains("| pool | 2 threads | ours heap |"), md);
    // no peer in bulk: the JDK limit is the reference.
    assertTrue(md.contains("**0.90×** | JDK arraycopy (best JDK limit) |"), md);
    // a missing error or allocation figure shows as a dash rather than failing.
    assertTrue(md.contains("| Okio | peer | 100 ops/s | 5.00 | 0.50× | — |"), md);
    assertTrue(md.contains("![lines ratios](bench-results/lines.png)"), md);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    for (String id : new String[] {"lines", "find", "pool", "bulk"}) {
      byte[] head = new byte[4];
      System.arraycopy(Files.readAllBytes(charts.resolve(id + ".png")), 0, head, 0, 4);
      assertArrayEquals(png, head, id + ".png is not a PNG");
    }
  }
}
