package io.github.chunkedbuffer.tests.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;
import io.github.chunkedbuffer.pool.core.SizeClassPools;
import io.github.chunkedbuffer.tests.ChildJvm;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vectorised search is opt-in per JVM: only {@code --add-modules jdk.incubator.vector} on JDK
 * 21+ loads pipe-impl's class that uses the Vector API, on the class path and on the module path
 * alike, and the library itself prints nothing either way (the JVM prints its own incubator
 * warning). Checked in child JVMs that log class loading to a file, because the decision is made
 * once per JVM.
 */
class VectorOptInTest {

  private static final String MODULE = "jdk.incubator.vector";

  /** What the JVM itself prints when an incubator module is resolved. */
  private static final String JVM_WARNING = "WARNING: Using incubator modules: " + MODULE;

  /** The class of pipe-impl that uses the Vector API. */
  private static final String VECTOR_CLASS = "io.github.chunkedbuffer.pipe.impl.VectorByteSearch";

  /** The class of pipe-impl that decides, loaded whenever a pipe makes its first chunk. */
  private static final String DECIDING_CLASS = "io.github.chunkedbuffer.pipe.impl.Vectorization";

  /** Whether this Java may turn the vectorised search on. */
  private static final boolean JDK_21 = Runtime.version().feature() >= 21;

  @TempDir Path dir;

  @ParameterizedTest(name = "module path: {0}")
  @ValueSource(booleans = {false, true})
  void withoutTheModuleTheVectorClassIsNeverLoadedAndNothingIsPrinted(boolean modulePath)
      throws Exception {
    Probe probe = run(modulePath);
    assertEquals("", probe.child.stderr, probe::describe);
    assertTrue(probe.loaded(DECIDING_CLASS), probe::describe);
    assertFalse(probe.loaded(VECTOR_CLASS), probe::describe);
  }

  @ParameterizedTest(name = "module path: {0}")
  @ValueSource(booleans = {false, true})
  void withTheModuleOnJdk21TheVectorClassRunsAndOnlyTheJvmWarns(boolean modulePath)
      throws Exception {
    Probe probe = run(modulePath, "--add-modules", MODULE);
    assertEquals(JVM_WARNING, probe.child.stderr.strip(), probe::describe);
    assertEquals(JDK_21, probe.loaded(VECTOR_CLASS), probe::describe);
  }

  @Test
  void theOptOutPropertyKeepsSwarEvenWithTheModule() throws Exception {
    Probe probe = run(false, "--add-modules", MODULE, "-Dio.github.chunkedbuffer.vector=false");
    assertEquals(JVM_WARNING, probe.child.stderr.strip(), probe::describe);
    assertFalse(probe.loaded(VECTOR_CLASS), probe::describe);
  }

  @Test
  void anInvalidPropertyValueIsReportedWithItsValueAndKeepsSwar() throws Exception {
    Probe probe = run(false, "--add-modules", MODULE, "-Dio.github.chunkedbuffer.vector=yes");
    assertTrue(
        probe.child.stderr.contains("io.github.chunkedbuffer.vector='yes' is neither true nor false"),
        probe::describe);
    assertFalse(probe.loaded(VECTOR_CLASS), probe::describe);
  }

  @Test
  void theDecisionAndItsReasonAreLoggedAtDebugLevel() throws Exception {
    Path config = dir.resolve("logging.properties");
    Files.writeString(
        config,
        "handlers=java.util.logging.ConsoleHandler\n"
            + "java.util.logging.ConsoleHandler.level=ALL\n"
            + "io.github.chunkedbuffer.pipe.level=ALL\n");
    Probe probe = run(false, "--add-modules", MODULE, "-Djava.util.logging.config.file=" + config);
    String expected =
        JDK_21
            ? "vectorised byte search on: Species[byte, "
            : "vectorised byte search off: JDK " + Runtime.version().feature() + " is older than 21";
    assertTrue(probe.child.stderr.contains(expected), probe::describe);
  }

  /** Runs {@link VectorProbe} with {@code options}, its modules on the module or class path. */
  private Probe run(boolean modulePath, String... options) throws Exception {
    Path classLog = Files.createTempFile(dir, "classes", ".txt");
    String modules =
        String.join(
            File.pathSeparator,
            location(Pipe.class),
            location(pipeClass()),
            location(heapPool()),
            location(SizeClassPools.class)); // pipe-pool-core, which the heap pool requires
    String probe = location(VectorProbe.class);
    List<String> arguments = new ArrayList<>(List.of(options));
    arguments.add("-Xlog:class+load=info:file=" + classLog);
    if (modulePath) {
      arguments.addAll(List.of("-p", modules, "--add-modules", "ALL-MODULE-PATH", "-cp", probe));
    } else {
      arguments.addAll(List.of("-cp", modules + File.pathSeparator + probe));
    }
    arguments.add(VectorProbe.class.getName());
    ChildJvm child = ChildJvm.run(dir, arguments);
    Probe result = new Probe(child, Files.readString(classLog), arguments);
    assertEquals(0, child.exitCode, result::describe);
    assertEquals(
        "findByte="
            + VectorProbe.NEWLINE
            + "\nfind="
            + VectorProbe.END
            + "\nreadUntil="
            + (VectorProbe.NEWLINE + 1)
            + "\n",
        child.stdout.replace(System.lineSeparator(), "\n"),
        result::describe);
    return result;
  }

  /** The class of the pipes pipe-impl makes. */
  private static Class<?> pipeClass() {
    try (Pipe pipe = Pipe.builder().build()) {
      return pipe.getClass();
    }
  }

  /** The class of the provider of the {@code heap} pool. */
  private static Class<?> heapPool() {
    for (ChunkPoolProvider provider : ServiceLoader.load(ChunkPoolProvider.class)) {
      if (provider.name().equals("heap")) {
        return provider.getClass();
      }
    }
    throw new AssertionError("no heap pool on the class path");
  }

  /** The class path entry (jar or directory) that holds {@code type}. */
  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** A child's run and the classes it loaded. */
  private static final class Probe {
    final ChildJvm child;
    final String classLog;
    final List<String> arguments;

    Probe(ChildJvm child, String classLog, List<String> arguments) {
      this.child = child;
      this.classLog = classLog;
      this.arguments = arguments;
    }

    boolean loaded(String className) {
      return classLog.contains(" " + className + " source:");
    }

    String describe() {
      return "java " + String.join(" ", arguments) + "\n" + child.describe();
    }
  }
}
