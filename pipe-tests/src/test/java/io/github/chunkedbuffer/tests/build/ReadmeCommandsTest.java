package io.github.chunkedbuffer.tests.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README promises two commands for a fresh clone, one to run the demo and one to run the
 * tests; CI ({@code .ci/run}) and the GitHub Actions workflow must run that very test command, on
 * the JDKs the README names. These tests read the three files, so that a change to one that
 * forgets the others fails the build.
 */
class ReadmeCommandsTest {

  private static final Pattern SHELL_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

  /** The repository root: surefire runs the tests in the module's directory. */
  private static Path root() {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertTrue(Files.isRegularFile(root.resolve("README.md")), "no README.md in " + root);
    return root;
  }

  private static String read(String path) throws IOException {
    return Files.readString(root().resolve(path));
  }

  /** The shell commands of the README's section "Build, test, demo", in order. */
  private static List<String> readmeCommands() throws IOException {
    String readme = read("README.md");
    int start = readme.indexOf("\n## Build, test, demo\n");
    assertTrue(start >= 0, "the README has no section 'Build, test, demo'");
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    List<String> commands = new ArrayList<>();
    Matcher m = SHELL_BLOCK.matcher(section);
    while (m.find()) {
      commands.add(m.group(1).strip());
    }
    return commands;
  }

  @Test
  void readmeGivesExactlyTwoQuietCommandsTheDemoAndTheTests() throws IOException {
    List<String> commands = readmeCommands();
    assertEquals(2, commands.size(), "expected a demo and a test command, got " + commands);
    for (String command : commands) {
      assertTrue(command.startsWith("mvn -B -ntp "), "not batch mode without progress: " + command);
      assertTrue(!command.contains("\n"), "one line each: " + command);
    }
    assertTrue(commands.get(0).contains("exec:java"), "the demo: " + commands.get(0));
    assertEquals("mvn -B -ntp verify", commands.get(1));
  }

  @Test
  void ciScriptRunsTheReadmeTestCommandOnEveryJdk() throws IOException {
    String testCommand = readmeCommands().get(1);
    List<String> runs =
        read(".ci/run")
            .lines()
            .map(String::strip)
            .filter(line -> line.contains("mvn "))
            .toList();
    assertEquals(2, runs.size(), "the default JDK and JDK 25: " + runs);
    for (String run : runs) {
      assertTrue(run.endsWith(testCommand), "'" + run + "' does not run '" + testCommand + "'");
    }
  }

  @Test
  void workflowRunsTheReadmeTestCommandOnJdk17And21And25() throws IOException {
    String testCommand = readmeCommands().get(1);
    String workflow = read(".github/workflows/ci.yml");
    List<String> runs =
        workflow
            .lines()
            .map(String::strip)
            .filter(line -> line.startsWith("run: mvn "))
            .toList();
    assertEquals(List.of("run: " + testCommand), runs);
    assertTrue(workflow.contains("java: ['17', '21', '25']"), "the JDK matrix changed:\n" + workflow);
    assertTrue(workflow.contains("distribution: temurin"), workflow);
  }
}
