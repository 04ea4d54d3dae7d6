package io.github.chunkedbuffer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher behind the README's demo command: which properties it passes on, and that the
 * demo's exit status comes back from a JVM of its own on the module path.
 */
class DemoLauncherTest {

  /** The module path of this test run: the examples module, the API, the implementation, pools. */
  private static String modulePath() {
    String path = System.getProperty("jdk.module.path");
    if (path == null) {
      throw new AssertionError("the tests of pipe-examples must run on the module path");
    }
    return path;
  }

  private static Path javaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  private static Properties properties(String... namesAndValues) {
    Properties p = new Properties();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      p.setProperty(namesAndValues[i], namesAndValues[i + 1]);
    }
    return p;
  }

  @Test
  void commandPassesOnOnlyTheLibrarysPropertiesInNameOrder() {
    List<String> command =
        DemoLauncher.command(
            Path.of("/jdk"),
            "a.jar:b.jar",
            properties(
                "io.github.chunkedbuffer.pool", "direct",
                "user.home", "/home/x",
                "io.github.chunkedbuffer.debug", "true",
                "maven.repo.local", "/m2"),
            List.of("--mb", "2"));
    assertEquals(
        List.of(
            Path.of("/jdk", "bin", "java").toString(),
            "-Dio.github.chunkedbuffer.debug=true",
            "-Dio.github.chunkedbuffer.pool=direct",
            "--module-path",
            "a.jar:b.jar",
            "--module",
            "io.github.chunkedbuffer.examples/io.github.chunkedbuffer.examples.Demo",
            "--mb",
            "2"),
        command);
  }

  /**
   * Runs the demo as the launcher does, but with its output in a file of {@code dir} (inheriting
   * this test JVM's streams would write into surefire's channel); returns status and output.
   */
  private static Result launch(Path dir, Properties properties, String... demoArgs)
      throws Exception {
    Path output = dir.resolve("demo-output.txt");
    List<String> command =
        DemoLauncher.command(javaHome(), modulePath(), properties, List.of(demoArgs));
    int status =
        DemoLauncher.run(
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()));
    return new Result(status, Files.readString(output));
  }

  private record Result(int status, String output) {}

  @Test
  void demoSucceedsOnTheModulePathWithAPoolChosenByAForwardedProperty(@TempDir Path dir)
      throws Exception {
    Result r =
        launch(dir, properties("io.github.chunkedbuffer.pool", "direct"), "--mb", "1", "--seed", "5");
    assertEquals(0, r.status(), r.output());
    assertTrue(r.output().startsWith("pool direct "), r.output());
    assertTrue(r.output().contains("OK: every message matched"), r.output());
  }

  @Test
  void unknownPoolInAForwardedPropertyComesBackAsStatus2(@TempDir Path dir) throws Exception {
    Result r = launch(dir, properties("io.github.chunkedbuffer.pool", "no-such-pool"), "--mb", "1");
    assertEquals(2, r.status(), r.output());
    assertTrue(r.output().contains("no-such-pool"), r.output());
  }

  @Test
  void badOptionComesBackAsStatus2WithTheUsage(@TempDir Path dir) throws Exception {
    Result r = launch(dir, new Properties(), "--bogus");
    assertEquals(2, r.status(), r.output());
    assertTrue(r.output().contains("unknown option '--bogus'"), r.output());
    assertTrue(r.output().contains("usage: Demo"), r.output());
  }
}
