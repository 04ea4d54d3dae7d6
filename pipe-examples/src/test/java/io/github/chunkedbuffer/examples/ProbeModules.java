package io.github.chunkedbuffer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Small programs compiled at test time as modules of their own and run in fresh JVMs with chosen
 * modules of this build on the module path, the way a user's application is compiled and started.
 */
final class ProbeModules {

  private ProbeModules() {}

  /** Where the module {@code name} of this test's own boot layer was loaded from. */
  static Path location(String name) {
    URI uri =
        ModuleLayer.boot()
            .configuration()
            .findModule(name)
            .orElseThrow(() -> new AssertionError(name + " is not in the boot layer"))
            .reference()
            .location()
            .orElseThrow();
    return Path.of(uri);
  }

  private static String modulePath(Stream<Path> first, String... modules) {
    return Stream.concat(first, Stream.of(modules).map(ProbeModules::location))
        .map(Path::toString)
        .collect(Collectors.joining(File.pathSeparator));
  }

  /**
   * Compiles a module into {@code dir}/classes from {@code moduleInfo} and the class {@code
   * className} (a binary name such as {@code probe.Probe}) with {@code source}, against {@code
   * modules} of this build; fails the test when javac does.
   *
   * @return the directory of the compiled module
   */
  static Path compile(Path dir, String moduleInfo, String className, String source, String... modules)
      throws IOException {
    Path src = dir.resolve("src");
    Path file = src.resolve(className.replace('.', '/') + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(src.resolve("module-info.java"), moduleInfo);
    Files.writeString(file, source);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
    StringWriter log = new StringWriter();
    int status;
    try (PrintWriter w = new PrintWriter(log)) {
      status =
          javac.run(
              w,
              w,
              "--module-path",
              modulePath(Stream.empty(), modules),
              "-d",
              classes.toString(),
              src.resolve("module-info.java").toString(),
              file.toString());
    }
    assertEquals(0, status, "compiling " + className + " failed:\n" + log);
    return classes;
  }

  /**
   * Runs {@code main} (such as {@code probe/probe.Probe}) from the compiled module {@code probe}
   * with {@code modules} of this build on the module path and {@code options} before them; fails
   * the test when it does not end with status 0 within a minute.
   *
   * @return what it printed, standard output and error together
   */
  static String run(List<String> options, Path probe, String main, String... modules)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.add("--module-path");
    command.add(modulePath(Stream.of(probe), modules));
    command.add("--module");
    command.add(main);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), main + " did not finish: " + output);
    assertEquals(0, process.exitValue(), main + " failed:\n" + output);
    return output;
  }
}
