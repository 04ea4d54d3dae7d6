package io.github.chunkedbuffer.bench;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor JMH runs the benchmark threads on, so that every contender runs on a Netty
 * {@link FastThreadLocalThread}.
 *
 * <p>Netty 4.2 gives its pooled thread caches, the adaptive allocator's magazines and its recycled
 * slice objects only to {@code FastThreadLocalThread}s (its event-loop threads). On plain JMH worker
 * threads it would allocate where its users' code does not, so every benchmark here runs on such
 * threads: ours and Okio too, for equal footing. {@link AbstractBench} selects this class with
 * {@code -Djmh.executor=CUSTOM -Djmh.executor.class=...} in every fork.
 *
 * <p>JMH 1.37 loads the class named by {@code jmh.executor.class} and calls its public
 * {@code (int maxThreads, String prefix)} constructor.
 */
public final class FastThreadExecutor extends ThreadPoolExecutor {

  /**
   * Creates a fixed pool of {@code maxThreads} daemon {@code FastThreadLocalThread}s.
   *
   * @param maxThreads the number of benchmark threads JMH needs
   * @param prefix the thread name prefix JMH chose
   */
  public FastThreadExecutor(int maxThreads, String prefix) {
    super(
        maxThreads,
        maxThreads,
        1,
        TimeUnit.MINUTES,
        new LinkedBlockingQueue<>(),
        new FastThreadFactory(prefix));
  }

  private static final class FastThreadFactory implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    FastThreadFactory(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new FastThreadLocalThread(task, prefix + "-fast-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
