package io.github.chunkedbuffer.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a child JVM of this test's Java did: for tests of what a JVM decides once (the provider
 * registry, the vectorised search), which the test JVM has already decided for itself.
 */
public final class ChildJvm {

  /** The child's exit code. */
  public final int exitCode;

  /** Everything the child wrote to standard output. */
  public final String stdout;

  /** Everything the child wrote to standard error. */
  public final String stderr;

  private ChildJvm(int exitCode, String stdout, String stderr) {
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Runs {@code java} (of this JVM's Java home) with {@code arguments}, with standard output and
   * error in files of {@code dir}, and waits for it up to a minute.
   *
   * @param dir an existing directory for the output files
   * @param arguments the JVM options, the main class and its arguments
   * @return what the child did
   * @throws AssertionError if the child did not finish within a minute (it is killed)
   * @throws IOException if the child cannot be started or its output read
   * @throws InterruptedException if interrupted while waiting
   */
  public static ChildJvm run(Path dir, List<String> arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(arguments);
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process process =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the child JVM did not finish within 60 s: " + command);
    }
    return new ChildJvm(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  /**
   * Returns this JVM's class path, after checking that it holds the test classes that contain
   * {@code mainClass} (a surefire configuration could hide them behind a manifest-only jar).
   *
   * @param mainClass a class of the test classes
   * @return the value of {@code java.class.path}
   * @throws AssertionError if the class path does not hold the test classes
   */
  public static String classPath(Class<?> mainClass) {
    String classPath = System.getProperty("java.class.path");
    String testClasses;
    try {
      testClasses =
          Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new AssertionError(e);
    }
    if (!classPath.contains(testClasses)) {
      throw new AssertionError(
          "the test classes " + testClasses + " are not on java.class.path: " + classPath);
    }
    return classPath;
  }

  /**
   * Describes the child for an assertion message.
   *
   * @return the exit code, standard output and standard error
   */
  public String describe() {
    return "child JVM exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
  }
}
