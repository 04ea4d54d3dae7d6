package io.github.chunkedbuffer.tests.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ChunkPools;
import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link ChunkPoolProvider} whose {@code name()} or {@code priority()} throws is skipped with a
 * warning and hides none of the others. Checked in a child JVM on the class path, with the broken
 * providers registered by a services file written to a temporary directory, because the provider
 * registry is read once per JVM and the other tests share this one's.
 */
class BrokenPoolProviderTest {

  @TempDir Path services;

  @Test
  void providersWhoseNameOrPriorityThrowsAreSkippedAndLoggedWithoutHidingTheOthers()
      throws Exception {
    Path file = services.resolve("META-INF/services/" + ChunkPoolProvider.class.getName());
    Files.createDirectories(file.getParent());
    Files.write(
        file,
        List.of(
            ProviderProbe.NameThrows.class.getName(),
            ProviderProbe.PriorityThrows.class.getName(),
            ProviderProbe.GoodProvider.class.getName()),
        StandardCharsets.UTF_8);

    Child child = runProbe(services);

    assertEquals(0, child.exitCode, child::describe);
    assertTrue(
        child.stdout.contains("names=[heap, direct, thread-local, probe, unpooled]"),
        child::describe);
    assertTrue(child.stdout.contains("probe=unpooled"), child::describe);
    assertTrue(
        child.stderr.contains(
            "skipping chunk pool provider " + ProviderProbe.NameThrows.class.getName()),
        child::describe);
    assertTrue(child.stderr.contains("name() of a broken provider"), child::describe);
    assertTrue(
        child.stderr.contains(
            "skipping chunk pool provider " + ProviderProbe.PriorityThrows.class.getName()),
        child::describe);
    assertTrue(child.stderr.contains("priority() of a broken provider"), child::describe);
  }

  @Test
  void thisJvmListsExactlyTheShippedPoolsHighestPriorityFirst() {
    assertEquals(List.of("heap", "direct", "thread-local", "unpooled"), ChunkPools.names());
  }

  /** Runs {@link ProviderProbe} on this JVM's class path plus {@code extra}. */
  private static Child runProbe(Path extra) throws Exception {
    String classPath = System.getProperty("java.class.path");
    String testClasses =
        Path.of(ProviderProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    assertTrue(
        classPath.contains(testClasses),
        () -> "the test classes " + testClasses + " are not on java.class.path: " + classPath);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(extra + File.pathSeparator + classPath);
    command.add(ProviderProbe.class.getName());
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(extra.resolve("stdout.txt").toFile())
            .redirectError(extra.resolve("stderr.txt").toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the child JVM did not finish within 60 s");
    }
    return new Child(
        process.exitValue(),
        Files.readString(extra.resolve("stdout.txt")),
        Files.readString(extra.resolve("stderr.txt")));
  }

  /** What the child JVM did. */
  private static final class Child {
    final int exitCode;
    final String stdout;
    final String stderr;

    Child(int exitCode, String stdout, String stderr) {
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    String describe() {
      return "child JVM exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }
}
