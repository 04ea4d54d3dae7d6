package io.github.chunkedbuffer.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Starts the {@link Demo} in a JVM of its own, on the module path, for the README's Maven command
 * ({@code mvn ... package exec:java}), and ends with the demo's exit status.
 *
 * <p>Why a launcher: run with {@code exec:exec}, a demo that exits with status 2 for a bad option
 * becomes a Maven build failure with a stack trace, and Maven exits with 1. This class runs inside
 * Maven's JVM ({@code exec:java}), starts the demo as an application would be started ({@code java
 * --module-path ... --module io.github.chunkedbuffer.examples/...Demo}), lets it use Maven's
 * terminal, and exits Maven's JVM with the demo's status when that is not 0. The system properties
 * given to Maven whose names start with {@value #FORWARDED_PREFIX} (such as {@code
 * -Dio.github.chunkedbuffer.pool=direct}) are passed on to the demo's JVM.
 */
public final class DemoLauncher {

  /** The system property that holds the demo's module path; set in the POM. */
  static final String MODULE_PATH_PROPERTY = "demo.modulePath";

  /** System properties with names that start with this are passed on to the demo's JVM. */
  static final String FORWARDED_PREFIX = "io.github.chunkedbuffer.";

  private static final String DEMO = "io.github.chunkedbuffer.examples/" + Demo.class.getName();

  private DemoLauncher() {}

  /**
   * Runs the demo with the options {@code args} and, when it fails, exits this JVM with its status.
   *
   * @param args the demo's options, passed on as they are
   * @throws IOException when the demo's JVM cannot be started
   * @throws InterruptedException when interrupted while the demo runs (the demo is stopped)
   * @throws IllegalStateException when the system property {@value #MODULE_PATH_PROPERTY} is not set
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    String modulePath = System.getProperty(MODULE_PATH_PROPERTY);
    if (modulePath == null || modulePath.isBlank()) {
      throw new IllegalStateException(
          "system property " + MODULE_PATH_PROPERTY + " is not set: run the demo with the"
              + " README's command, mvn -B -ntp -q -pl pipe-examples -am package exec:java"
              + " -DskipTests");
    }
    List<String> command = command(javaHome(), modulePath, System.getProperties(), List.of(args));
    int status = run(new ProcessBuilder(command).inheritIO());
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Returns the command that runs the demo: {@code java}, the forwarded system properties in name
   * order, the module path, the demo's main class and {@code demoArgs}.
   */
  static List<String> command(
      Path javaHome, String modulePath, Properties properties, List<String> demoArgs) {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    Map<String, String> forwarded = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith(FORWARDED_PREFIX)) {
        forwarded.put(name, properties.getProperty(name));
      }
    }
    forwarded.forEach((name, value) -> command.add("-D" + name + "=" + value));
    command.add("--module-path");
    command.add(modulePath);
    command.add("--module");
    command.add(DEMO);
    command.addAll(demoArgs);
    return command;
  }

  /** Starts {@code builder}'s process, waits for it and returns its exit status; stops it if interrupted. */
  static int run(ProcessBuilder builder) throws IOException, InterruptedException {
    Process process = builder.start();
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      process.destroy();
      throw e;
    }
  }

  private static Path javaHome() {
    return Path.of(System.getProperty("java.home"));
  }
}
