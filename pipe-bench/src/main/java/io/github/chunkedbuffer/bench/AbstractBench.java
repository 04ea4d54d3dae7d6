package io.github.chunkedbuffer.bench;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.ChunkPools;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Settings every benchmark shares; JMH reads these annotations from the superclass.
 *
 * <p>Every fork gets a fixed, pre-touched heap (on these VMs the first touch of a page is slow, and
 * a growing eden would make copying paths measure page faults), Netty's leak detection off (as its
 * own microbenchmarks run, and as ours runs with debug checks off), and {@link FastThreadExecutor}
 * as JMH's executor. The fork and iteration counts here apply when JMH runs on its own; {@code
 * run.sh} runs one fork per class per round, in interleaved rounds, and sets the iterations of its
 * mode on the command line. Command-line {@code -jvmArgsAppend} would replace this list, so extra
 * flags go in {@code -jvmArgsPrepend}.
 *
 * <p>Method names follow {@code [variant_]contender[_detail]}, where the contender is {@code ours},
 * {@code netty}, {@code okio} or {@code jdk}; the report generator groups results by that.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {
      "-Xms1g",
      "-Xmx1g",
      "-Xmn128m",
      "-XX:+AlwaysPreTouch",
      "-Djmh.executor=CUSTOM",
      "-Djmh.executor.class=io.github.chunkedbuffer.bench.FastThreadExecutor",
      "-Dio.netty.leakDetection.level=disabled"
    })
public abstract class AbstractBench {

  /** The system property naming the pool our pipes use; {@code heap} unless set. */
  static final String POOL_PROPERTY = "bench.pool";

  /**
   * Set to {@code true} only for smoke runs before the pool modules exist: a missing pool is then
   * replaced by {@code unpooled} (with a warning) instead of failing.
   */
  static final String ALLOW_MISSING_POOLS = "bench.allowMissingPools";

  /** Set to {@code true} to allow plain (non-Netty) threads, e.g. when run from an IDE. */
  static final String ALLOW_PLAIN_THREADS = "bench.allowPlainThreads";

  /** The pool our pipes draw chunks from in the framing, find and bulk workloads. */
  static ChunkPool pipePool() {
    return pool(System.getProperty(POOL_PROPERTY, "heap"));
  }

  /** Returns the shared pool {@code name}; see {@link #ALLOW_MISSING_POOLS}. */
  static ChunkPool pool(String name) {
    if (!ChunkPools.names().contains(name) && Boolean.getBoolean(ALLOW_MISSING_POOLS)) {
      System.err.println(
          "WARNING: pool '" + name + "' not found in " + ChunkPools.names() + "; using unpooled");
      return ChunkPools.get(ChunkPools.UNPOOLED);
    }
    return ChunkPools.get(name);
  }

  /**
   * Fails the trial when it does not run on a {@link FastThreadLocalThread}: without that, Netty
   * loses its thread caches and the comparison is unfair (see {@link FastThreadExecutor}).
   */
  static void requireFastThread() {
    if (!(Thread.currentThread() instanceof FastThreadLocalThread)
        && !Boolean.getBoolean(ALLOW_PLAIN_THREADS)) {
      throw new IllegalStateException(
          "benchmark thread "
              + Thread.currentThread()
              + " is not a FastThreadLocalThread; run with -Djmh.executor=CUSTOM"
              + " -Djmh.executor.class="
              + FastThreadExecutor.class.getName()
              + " (set by @Fork unless -jvmArgsAppend replaced it), or -D"
              + ALLOW_PLAIN_THREADS
              + "=true");
    }
  }
}
