package io.github.chunkedbuffer.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.chunkedbuffer.examples.RespClient.RespError;
import io.github.chunkedbuffer.examples.RespClient.RespException;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RespClient} against a real {@code redis-server} that the test starts on a free loopback
 * port (no persistence) and stops at the end. Without {@code redis-server} on the PATH the test
 * fails when the environment variable {@code CI} is {@code true}, and is skipped otherwise.
 */
class RespClientRedisTest {

  private static Process server;
  private static InetSocketAddress address;

  @BeforeAll
  static void startRedis() throws Exception {
    Path executable = onPath("redis-server");
    if (executable == null) {
      String why = "redis-server is not on the PATH; install it (apt-get install redis-server)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + " — required in CI");
      }
      Assumptions.abort(why);
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    server =
        new ProcessBuilder(
                executable.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket probe = new Socket()) {
        probe.connect(address, 1000);
        break;
      } catch (IOException notYet) {
        if (!server.isAlive()) {
          fail("redis-server exited with " + server.exitValue() + " before it accepted connections");
        }
        if (System.nanoTime() > deadline) {
          fail("redis-server did not accept connections on port " + port + " within 20 s");
        }
        Thread.sleep(20);
      }
    }
  }

  @AfterAll
  static void stopRedis() throws InterruptedException {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator, -1)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static byte[] value(long seed, int size) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void pipelinedSetAndGetOfValuesUpToAMegabyteComeBackByteForByte() throws IOException {
    int[] sizes = {0, 1, 2, 13, 100, 4095, 4096, 4097, 65_536, 250_000, 1 << 20, (1 << 20) + 7};
    try (RespClient client = RespClient.connect(address)) {
      List<List<?>> commands = new ArrayList<>();
      for (int i = 0; i < sizes.length; i++) {
        commands.add(List.of("SET", "value:" + i, value(i, sizes[i])));
      }
      for (int i = 0; i < sizes.length; i++) {
        commands.add(List.of("GET", "value:" + i));
      }
      commands.add(List.of("GET", "value:missing"));
      List<Object> replies = client.pipeline(commands);
      assertEquals(commands.size(), replies.size());
      for (int i = 0; i < sizes.length; i++) {
        assertEquals("OK", replies.get(i));
        Object got = replies.get(sizes.length + i);
        assertInstanceOf(byte[].class, got);
        assertArrayEquals(value(i, sizes[i]), (byte[]) got, "value of " + sizes[i] + " bytes");
      }
      assertNull(replies.get(replies.size() - 1), "a missing key is the null bulk string");
    }
  }

  @Test
  void pipelinedIncrCountsAndDelReportsHowManyKeysWent() throws IOException {
    try (RespClient client = RespClient.connect(address)) {
      client.call("DEL", "counter");
      List<List<?>> commands = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        commands.add(List.of("INCR", "counter"));
      }
      commands.add(List.of("INCRBY", "counter", -1001));
      List<Object> replies = client.pipeline(commands);
      for (int i = 0; i < 1000; i++) {
        assertEquals((long) i + 1, replies.get(i));
      }
      assertEquals(-1L, replies.get(1000), "negative integers");
      assertEquals(1L, client.call("DEL", "counter"));
      assertEquals(0L, client.call("DEL", "counter"));
    }
  }

  @Test
  void lrangeGivesArraysOfBulkStringsAndEmptyArrays() throws IOException {
    try (RespClient client = RespClient.connect(address)) {
      client.call("DEL", "list");
      List<List<?>> commands = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        commands.add(List.of("RPUSH", "list", value(1000 + i, i * 37)));
      }
      commands.add(List.of("LRANGE", "list", 0, -1));
      commands.add(List.of("LRANGE", "nolist", 0, -1));
      List<Object> replies = client.pipeline(commands);
      assertEquals(300L, replies.get(299));
      List<?> items = (List<?>) replies.get(300);
      assertEquals(300, items.size());
      for (int i = 0; i < 300; i++) {
        assertArrayEquals(value(1000 + i, i * 37), (byte[]) items.get(i));
      }
      assertEquals(List.of(), replies.get(301));
    }
  }

  @Test
  void nestedArraysAndNullArraysFromRealReplies() throws IOException {
    try (RespClient client = RespClient.connect(address)) {
      client.call("DEL", "z");
      client.call("ZADD", "z", 1, "a", 2, "b");
      // EXEC without MULTI is an error; MULTI/EXEC gives an array of the queued replies.
      assertEquals("OK", client.call("MULTI"));
      assertEquals("QUEUED", client.call("INCR", "n"));
      assertEquals("QUEUED", client.call("ZRANGE", "z", 0, -1, "WITHSCORES"));
      List<?> exec = (List<?>) client.call("EXEC");
      assertInstanceOf(Long.class, exec.get(0));
      List<?> zrange = (List<?>) exec.get(1);
      assertEquals(4, zrange.size());
      assertArrayEquals(utf8("a"), (byte[]) zrange.get(0));
      assertArrayEquals(utf8("2"), (byte[]) zrange.get(3));
      // A blocking pop that times out is the null array in RESP2.
      assertNull(client.call("BLPOP", "nolist", "0.01"));
    }
  }

  @Test
  void errorRepliesAreTypedAndDoNotDisturbTheRestOfThePipeline() throws IOException {
    try (RespClient client = RespClient.connect(address)) {
      List<Object> replies =
          client.pipeline(
              List.of(
                  List.of("SET", "text", "not a number"),
                  List.of("INCR", "text"),
                  List.of("NOSUCHCOMMAND"),
                  List.of("GET", "text")));
      assertEquals("OK", replies.get(0));
      RespError notANumber = assertInstanceOf(RespError.class, replies.get(1));
      assertTrue(notANumber.message().startsWith("ERR"), notANumber.message());
      assertTrue(notANumber.message().contains("not an integer"), notANumber.message());
      assertInstanceOf(RespError.class, replies.get(2));
      assertArrayEquals(utf8("not a number"), (byte[]) replies.get(3));
      RespException thrown = assertThrows(RespException.class, () -> client.call("INCR", "text"));
      assertTrue(thrown.getMessage().contains("not an integer"), thrown.getMessage());
      assertEquals("PONG", client.call("PING"), "the connection is still in step");
    }
  }
}
