package io.github.chunkedbuffer.examples;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.ChunkPools;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * The demo: a loopback server streams a seeded mix of messages ({@link Message}), and a client
 * reads them through a {@link Pipe}, parses and checks each one, and reports the throughput and
 * what the pool lent.
 *
 * <p>Run it with {@code --help} for the options. The exit status is 0 when every message matched
 * and the pool got back every buffer, 1 when something did not, and 2 for a bad command line or an
 * unknown pool name.
 */
public final class Demo {

  private Demo() {}

  /**
   * Runs the demo with the command line {@code args} and exits with a non-zero status on failure.
   */
  public static void main(String[] args) {
    int status = execute(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the demo with the command line {@code args}, printing to {@code out} and {@code err}.
   *
   * @return the exit status: 0 when verified, 1 on any mismatch or failure, 2 on a bad command line
   *     or an unknown pool
   */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(DemoOptions.USAGE);
      return 2;
    }
    if (options.help()) {
      out.println(DemoOptions.USAGE);
      return 0;
    }
    try {
      pool(options);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage()); // names the pools found
      return 2;
    }
    try {
      DemoResult result = run(options, out);
      if (!result.outstandingRestored()) {
        err.printf(
            "FAILED: pool '%s' lends %d buffers after the pipe closed, %d before: a leak%n",
            result.pool(), result.after().outstanding(), result.before().outstanding());
        return 1;
      }
      out.println("OK: every message matched and the pool got every buffer back");
      return 0;
    } catch (VerificationException | IOException e) {
      err.println("FAILED: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("FAILED: interrupted");
      return 1;
    }
  }

  /**
   * Runs the demo: starts the server, receives and verifies the whole stream, and prints a summary
   * to {@code out}.
   *
   * @return what was received; its {@link DemoResult#outstandingRestored()} still needs checking
   * @throws IllegalArgumentException when the pool named in {@code options} is not present
   * @throws VerificationException when a message differs from the one sent, or is missing
   * @throws IOException when the connection failed
   */
  static DemoResult run(DemoOptions options, PrintStream out)
      throws IOException, VerificationException, InterruptedException {
    ChunkPool pool = pool(options);
    out.printf("pool %s (pools found: %s)%n", pool.name(), String.join(", ", ChunkPools.names()));
    PoolStats before = pool.stats();
    DemoClient.Received received;
    long nanos;
    try (DemoServer server = DemoServer.start(options.seed(), options.bytes());
        SocketChannel channel = SocketChannel.open(server.address());
        Pipe pipe = Pipe.builder().pool(pool.name()).build()) {
      out.printf(
          "server %s sends %d MiB (seed %d) in writes of 1 B to %d KiB%n",
          server.address(), options.megabytes(), options.seed(), DemoServer.MAX_WRITE / 1024);
      long start = System.nanoTime();
      received =
          DemoClient.receive(channel, pipe, new MessageGenerator(options.seed(), options.bytes()));
      nanos = System.nanoTime() - start;
      long sent = server.awaitBytesSent();
      if (sent != received.bytes()) {
        throw new VerificationException(
            "the server sent "
                + sent
                + " bytes but the messages received add up to "
                + received.bytes());
      }
    }
    DemoResult result =
        new DemoResult(
            pool.name(),
            received.messages(),
            received.zeroCopyMessages(),
            received.bytes(),
            nanos,
            before,
            pool.stats());
    out.printf(
        Locale.ROOT,
        "received %d messages (%d copied, %d zero-copy), %d bytes in %.3f s: %.1f MB/s%n",
        result.messages(),
        result.messages() - result.zeroCopyMessages(),
        result.zeroCopyMessages(),
        result.bytes(),
        nanos / 1e9,
        result.megabytesPerSecond());
    out.println("pool before: " + before);
    out.println("pool after:  " + result.after());
    return result;
  }

  /** The pool the options name, or the default pool. */
  private static ChunkPool pool(DemoOptions options) {
    return options.pool() == null ? ChunkPools.defaultPool() : ChunkPools.get(options.pool());
  }
}
