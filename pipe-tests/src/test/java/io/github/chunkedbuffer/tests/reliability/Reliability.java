package io.github.chunkedbuffer.tests.reliability;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.ChunkPools;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PoolStats;
import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Shared set-up of the reliability tests: fresh pools made through their providers with chosen
 * system properties (as an application would configure them), and the run time of the load tests.
 *
 * <p>The load and fault tests run for {@link #millis(double)} each: a short default so that {@code
 * mvn verify} stays fast, or the value of the system property {@code soak.seconds}, which the
 * Maven profile {@code soak} sets for long runs ({@code mvn -Psoak -pl pipe-tests -am verify}).
 */
final class Reliability {

  static final String DEBUG = "io.github.chunkedbuffer.debug";
  static final String MAX_POOLED_BYTES = "io.github.chunkedbuffer.pool.maxPooledBytes";

  private Reliability() {}

  /**
   * Creates a new pool from the provider named {@code name}, with {@code maxPooledBytes} as its
   * bound and the pool's debug checks as {@code debug} says; the properties are restored after.
   */
  static synchronized ChunkPool freshPool(String name, long maxPooledBytes, boolean debug) {
    // Settle the JVM-wide defaults first, so that they never see the temporary properties: the
    // pipes' debug default and the shared heap pool (the thread-local pool's delegate).
    Pipe.builder();
    ChunkPools.get("heap");
    List<String> found = new ArrayList<>();
    for (ChunkPoolProvider provider : ServiceLoader.load(ChunkPoolProvider.class)) {
      found.add(provider.name());
      if (provider.name().equals(name)) {
        String oldBound = System.getProperty(MAX_POOLED_BYTES);
        String oldDebug = System.getProperty(DEBUG);
        System.setProperty(MAX_POOLED_BYTES, Long.toString(maxPooledBytes));
        System.setProperty(DEBUG, Boolean.toString(debug));
        try {
          return provider.create();
        } finally {
          restore(MAX_POOLED_BYTES, oldBound);
          restore(DEBUG, oldDebug);
        }
      }
    }
    throw new AssertionError("no provider named " + name + " on the class path; found " + found);
  }

  private static void restore(String key, String old) {
    if (old == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, old);
    }
  }

  /** How long a load test runs: {@code soak.seconds} when set, else {@code defaultSeconds}. */
  static long millis(double defaultSeconds) {
    String soak = System.getProperty("soak.seconds");
    double seconds = soak == null || soak.isBlank() ? defaultSeconds : Double.parseDouble(soak);
    return (long) (seconds * 1000);
  }

  /** Returns what happened between two snapshots; pooledBytes is the later value. */
  static PoolStats since(PoolStats before, PoolStats after) {
    return new PoolStats(
        after.acquired() - before.acquired(),
        after.released() - before.released(),
        after.outstanding() - before.outstanding(),
        after.pooledBytes(),
        after.hits() - before.hits(),
        after.misses() - before.misses());
  }
}
