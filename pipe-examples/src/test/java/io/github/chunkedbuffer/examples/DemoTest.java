package io.github.chunkedbuffer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the whole demo in-process, over a real loopback connection, with small streams. */
class DemoTest {

  private static final long SEED = 7;

  /** Output captured from {@link Demo#execute}. */
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int execute(String... args) {
    return Demo.execute(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "direct", "thread-local", "unpooled", "counting"})
  void demoVerifiesEveryMessageAndThePoolGetsEveryBufferBack(String pool) throws Exception {
    DemoOptions options = new DemoOptions(pool, 1, SEED, false);
    DemoResult result = Demo.run(options, new PrintStream(out, true, StandardCharsets.UTF_8));

    MessageGenerator expected = new MessageGenerator(SEED, options.bytes());
    long messages = 0;
    long bytes = 0;
    for (Message m = expected.next(); m != null; m = expected.next()) {
      messages++;
      bytes += m.encodedLength();
    }
    assertEquals(pool, result.pool());
    assertEquals(messages, result.messages());
    assertEquals(messages / 2, result.zeroCopyMessages(), "odd-numbered messages are zero-copy");
    assertEquals(bytes, result.bytes());
    assertTrue(bytes >= options.bytes());
    assertTrue(result.after().acquired() > result.before().acquired(), "the pool was not used");
    assertTrue(result.outstandingRestored(), result.before() + " -> " + result.after());
  }

  @Test
  void executeSucceedsWithTheDefaultPoolAndPrintsTheSummary() {
    assertEquals(0, execute("--mb", "1", "--seed", "3"), text(err));
    String printed = text(out);
    assertTrue(printed.contains("pool heap"), printed);
    assertTrue(printed.contains("pool before: PoolStats["), printed);
    assertTrue(printed.contains("pool after:  PoolStats["), printed);
    assertTrue(printed.contains("OK: every message matched"), printed);
  }

  @Test
  void unknownPoolExitsWithStatus2AndListsThePoolsFound() {
    assertEquals(2, execute("--pool", "nope"));
    String printed = text(err);
    assertTrue(printed.contains("nope"), printed);
    assertTrue(printed.contains("heap") && printed.contains("counting"), printed);
    assertEquals("", text(out));
  }

  @Test
  void badCommandLineExitsWithStatus2AndPrintsUsage() {
    assertEquals(2, execute("--mb", "zero"));
    assertTrue(text(err).contains("--mb needs a number, got 'zero'"), text(err));
    assertTrue(text(err).contains("usage: Demo"), text(err));
  }

  @Test
  void helpPrintsUsageAndExitsWithStatus0() {
    assertEquals(0, execute("--help"));
    assertTrue(text(out).startsWith("usage: Demo"), text(out));
  }

  @Test
  void optionsParseEveryFlag() {
    assertEquals(
        new DemoOptions("direct", 3, -5, false),
        DemoOptions.parse("--pool", "direct", "--mb", "3", "--seed", "-5"));
    assertEquals(
        new DemoOptions(null, DemoOptions.DEFAULT_MEGABYTES, DemoOptions.DEFAULT_SEED, false),
        DemoOptions.parse());
  }
}
