package io.github.chunkedbuffer.tests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.ChunkPools;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 100,000 virtual threads each run a small pipe session over the thread-local pool: write a header
 * line and a body, {@code readUntil} the line with a limit, read the body zero-copy, close both.
 * The memory the pools retain (the per-thread caches plus the delegate) must stay under their
 * configured bounds the whole time — virtual threads must get no caches of their own — and every
 * buffer must come back. Compiled for Java 17, so virtual threads are made reflectively and the
 * test is skipped before Java 21.
 */
class VirtualThreadPipesTest {

  private static final int TASKS = 100_000;
  private static final long CACHE_BOUND = 8L << 20;
  private static final byte[] CRLF = {'\r', '\n'};

  @Tag("virtual-threads") // left out on JDK 17 to 20 by the parent POM
  @Test
  void hundredThousandVirtualThreadsDoingPipeWorkKeepRetainedMemoryUnderTheBound() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
    ChunkPool pool = Reliability.freshPool("thread-local", CACHE_BOUND, false);
    ChunkPool delegate = ChunkPools.get("heap");
    long delegateBound = Long.getLong(Reliability.MAX_POOLED_BYTES, 64L << 20);
    PoolStats before = pool.stats();
    PoolStats delegateBefore = delegate.stats();

    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong maxRetained = new AtomicLong();
    AtomicLong maxCached = new AtomicLong();
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                long cached = pool.stats().pooledBytes();
                maxCached.accumulateAndGet(cached, Math::max);
                maxRetained.accumulateAndGet(cached + delegate.stats().pooledBytes(), Math::max);
                Thread.onSpinWait();
              }
            });
    sampler.setDaemon(true);
    sampler.start();

    ExecutorService executor =
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    try {
      for (int i = 0; i < TASKS; i++) {
        int id = i;
        executor.execute(
            () -> {
              try {
                session(pool, id);
              } catch (Throwable e) {
                failure.compareAndSet(null, e);
              }
            });
      }
    } finally {
      executor.shutdown();
    }
    assertTrue(executor.awaitTermination(120, TimeUnit.SECONDS), "tasks did not finish");
    sampler.interrupt();
    sampler.join();
    assertNull(failure.get(), () -> "a session failed: " + failure.get());

    PoolStats change = Reliability.since(before, pool.stats());
    assertEquals(0, change.outstanding(), "buffers not returned");
    assertTrue(change.acquired() >= TASKS, "each session takes at least one chunk");
    assertEquals(0, change.hits(), "a virtual thread was served from a per-thread cache");
    assertEquals(0, maxCached.get(), "virtual threads filled per-thread caches");
    assertTrue(
        maxRetained.get() <= CACHE_BOUND + delegateBound,
        "retained " + maxRetained.get() + " > " + (CACHE_BOUND + delegateBound));
    assertEquals(
        0,
        Reliability.since(delegateBefore, delegate.stats()).outstanding(),
        "the delegate did not get every buffer back");
  }

  @SuppressWarnings("ThreadPriorityCheck") // the yield interleaves sessions on one carrier on purpose
  private static void session(ChunkPool pool, int id) throws Exception {
    byte[] body = new byte[200 + id % 3000];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (id + i);
    }
    byte[] header = ("LEN " + body.length + " ID " + id + "\r\n").getBytes(StandardCharsets.US_ASCII);
    try (Pipe pipe = Pipe.builder().pool(pool).minChunkSize(512).maxChunkSize(2048).build()) {
      pipe.write(header, 0, 5); // the line arrives in two pieces
      if (pipe.readUntil(CRLF, true, 64) != null) {
        throw new AssertionError("a line without its separator was returned");
      }
      Thread.yield(); // let other sessions interleave on this carrier
      pipe.write(header, 5, header.length - 5);
      pipe.write(body);
      byte[] line = pipe.readUntil(CRLF, true, 64);
      String expected = "LEN " + body.length + " ID " + id;
      if (line == null || !expected.equals(new String(line, StandardCharsets.US_ASCII))) {
        throw new AssertionError("session " + id + ": wrong line");
      }
      try (ByteSequence payload = pipe.readExactZeroCopy(body.length)) {
        if (payload == null || !payload.contentEquals(body)) {
          throw new AssertionError("session " + id + ": wrong body");
        }
      }
      if (pipe.length() != 0) {
        throw new AssertionError("session " + id + ": bytes left");
      }
    }
  }
}
