package io.github.chunkedbuffer.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launches fresh JVMs with only some of the modules on the module path, the way a user who forgot
 * an artifact would, and checks that the errors name what is missing and that the fallbacks work.
 *
 * <p>The program run is a tiny module {@code probe} that {@code requires} only the API, compiled
 * here at test time; it prints what {@code Pipe.create()} and the pool registry do.
 */
class MissingModulesTest {

  private static final String PROBE_MODULE_INFO =
      "module probe { requires io.github.chunkedbuffer.pipe; }\n";

  private static final String PROBE =
      """
      package probe;

      import io.github.chunkedbuffer.pipe.ChunkPool;
      import io.github.chunkedbuffer.pipe.ChunkPools;
      import io.github.chunkedbuffer.pipe.Pipe;

      public final class Probe {
        public static void main(String[] args) {
          try {
            ChunkPool pool = ChunkPools.defaultPool();
            long before = pool.stats().acquired();
            try (Pipe pipe = Pipe.create()) {
              pipe.write(new byte[] {1, 2, 3});
              String lent = pool.stats().acquired() > before ? "lent a chunk" : "lent nothing";
              System.out.println("create: ok, default pool " + pool.name() + " " + lent);
            }
          } catch (RuntimeException e) {
            System.out.println("create: " + e);
          }
          System.out.println("names: " + ChunkPools.names());
          try {
            System.out.println("get heap: " + ChunkPools.get("heap").name());
          } catch (RuntimeException e) {
            System.out.println("get heap: " + e);
          }
        }
      }
      """;

  @TempDir static Path temp;

  private static Path probe;

  @BeforeAll
  static void compileProbe() throws IOException {
    probe =
        ProbeModules.compile(
            temp, PROBE_MODULE_INFO, "probe.Probe", PROBE, "io.github.chunkedbuffer.pipe");
  }

  /**
   * Runs the probe with {@code modules} (plus the probe) on the module path; returns its output.
   */
  private static String runProbe(List<String> options, String... modules)
      throws IOException, InterruptedException {
    return ProbeModules.run(options, probe, "probe/probe.Probe", modules);
  }

  private static void assertContains(String output, String expected) {
    assertTrue(output.contains(expected), "expected '" + expected + "' in:\n" + output);
  }

  @Test
  void apiWithoutTheImplementationFailsWithAMessageNamingPipeImpl() throws Exception {
    String output = runProbe(List.of(), "io.github.chunkedbuffer.pipe");
    assertContains(output, "create: java.lang.IllegalStateException");
    assertContains(output, "io.github.chunkedbuffer:pipe-impl");
    assertContains(output, "names: [unpooled]");
  }

  @Test
  void apiAndImplementationWithoutPoolModulesUseTheUnpooledFallback() throws Exception {
    String output =
        runProbe(List.of(), "io.github.chunkedbuffer.pipe", "io.github.chunkedbuffer.pipe.impl");
    assertContains(output, "create: ok, default pool unpooled lent a chunk");
    assertContains(output, "names: [unpooled]");
    assertContains(output, "get heap: java.lang.IllegalArgumentException");
    assertContains(output, "pipe-pool-heap");
  }

  @Test
  void poolPropertyMakesAPoolOfOnesOwnTheDefault() throws Exception {
    String output =
        runProbe(
            List.of("-Dio.github.chunkedbuffer.pool=counting"),
            "io.github.chunkedbuffer.pipe",
            "io.github.chunkedbuffer.pipe.impl",
            "io.github.chunkedbuffer.pool.core",
            "io.github.chunkedbuffer.pool.heap",
            "io.github.chunkedbuffer.examples");
    assertContains(output, "create: ok, default pool counting lent a chunk");
    assertContains(output, "names: [heap, counting, unpooled]");
    assertContains(output, "get heap: heap");
  }

  @Test
  void poolPropertyNamingAMissingPoolFailsNamingTheArtifactToAdd() throws Exception {
    String output =
        runProbe(
            List.of("-Dio.github.chunkedbuffer.pool=direct"),
            "io.github.chunkedbuffer.pipe",
            "io.github.chunkedbuffer.pipe.impl");
    assertContains(output, "create: java.lang.IllegalArgumentException");
    assertContains(output, "pools found: [unpooled]");
    assertContains(output, "pipe-pool-direct");
  }

  @Test
  void poolPropertySelectsABuiltInPoolOverTheHigherPriorityOne() throws Exception {
    String output =
        runProbe(
            List.of("-Dio.github.chunkedbuffer.pool=direct"),
            "io.github.chunkedbuffer.pipe",
            "io.github.chunkedbuffer.pipe.impl",
            "io.github.chunkedbuffer.pool.core",
            "io.github.chunkedbuffer.pool.heap",
            "io.github.chunkedbuffer.pool.direct");
    assertContains(output, "create: ok, default pool direct lent a chunk");
    assertContains(output, "names: [heap, direct, unpooled]");
  }
}
