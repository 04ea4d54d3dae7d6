package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debug mode ({@code Pipe.builder().debug(true)}): leaks are reported with their creation site and
 * reclaimed, explicit closes are not reported, released chunks are poisoned; with debug off none of
 * it happens.
 *
 * <p>The report goes through {@link System.Logger}, whose default backend is {@code
 * java.util.logging}; the test listens with a handler on the logger of that name. A leak is
 * created in a method of its own, so that its frame names the creation site and no local variable
 * of the test keeps the leaked object reachable. Waiting for the garbage collector is bounded by
 * {@link #TIMEOUT_MS}.
 */
class DebugModeTest {

  private static final long TIMEOUT_MS = 10_000;

  private static final String LOGGER = "io.github.chunkedbuffer.pipe";

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private Logger logger;
  private boolean parentHandlers;

  @BeforeEach
  void listen() {
    logger = Logger.getLogger(LOGGER);
    parentHandlers = logger.getUseParentHandlers();
    logger.setUseParentHandlers(false); // the expected warnings would only clutter the build log
    logger.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(capture);
    logger.setUseParentHandlers(parentHandlers);
  }

  // ---------------------------------------------------------------- leaks

  @Test
  void leakedByteSequenceIsReportedAtWarningWithItsCreationSiteAndItsChunksComeBack() {
    CountingPool pool = new CountingPool();
    Pipe pipe = Pipe.builder().pool(pool).minChunkSize(8).maxChunkSize(8).debug(true).build();
    pipe.write("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    leakASequence(pipe);
    pipe.close(); // the pipe lets go; only the leaked sequence still holds chunks
    assertTrue(pool.outstanding() > 0, "the leaked sequence must still hold its chunks");

    LogRecord report = awaitReportFrom("leakASequence", pool);

    assertEquals(Level.WARNING, report.getLevel());
    assertTrue(
        report.getMessage().contains("ByteSequence")
            && report.getMessage().contains("without close()"),
        report::getMessage);
    pool.assertAllReturned();
  }

  @Test
  void leakedPipeIsReportedAtWarningWithItsCreationSiteAndItsChunksComeBack() {
    CountingPool pool = new CountingPool();
    leakAPipe(pool);
    assertTrue(pool.outstanding() > 0, "the leaked pipe must still hold its chunks");

    LogRecord report = awaitReportFrom("leakAPipe", pool);

    assertEquals(Level.WARNING, report.getLevel());
    assertTrue(
        report.getMessage().contains("Pipe") && report.getMessage().contains("without close()"),
        report::getMessage);
    pool.assertAllReturned();
  }

  @Test
  void explicitlyClosedPipesAndSequencesAreNotReported() throws IOException {
    CountingPool pool = new CountingPool();
    for (int i = 0; i < 20; i++) {
      createUseAndClose(pool);
    }
    pool.assertAllReturned();
    // A leak made after them: once its report is in, the collector has had its chance at the
    // closed ones too, and a report of them would name createUseAndClose.
    CountingPool sentinelPool = new CountingPool();
    leakAPipe(sentinelPool);
    awaitReportFrom("leakAPipe", sentinelPool);
    gcAFewTimes();

    assertEquals(List.of(), reportsFrom("createUseAndClose"), "closed objects were reported");
    pool.assertAllReturned();
  }

  @Test
  void withDebugOffNothingIsTrackedReportedOrReclaimed() {
    CountingPool plainPool = new CountingPool();
    leakAPipeWithoutDebug(plainPool);
    long heldByTheLeak = plainPool.outstanding();
    assertTrue(heldByTheLeak > 0);
    CountingPool sentinelPool = new CountingPool();
    leakAPipe(sentinelPool);
    awaitReportFrom("leakAPipe", sentinelPool);
    gcAFewTimes();

    assertEquals(List.of(), reportsFrom("leakAPipeWithoutDebug"));
    // Nobody watched the plain pipe, so nobody gave its chunk back: it is simply garbage.
    assertEquals(heldByTheLeak, plainPool.outstanding());
  }

  @Test
  void closesRacingTheCollectorAreNeverReportedAsLeaks() throws Exception {
    CountingPool pool = new CountingPool();
    Thread collector =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                System.gc();
              }
            },
            "gc-hammer");
    collector.setDaemon(true);
    collector.start();
    try {
      // A sanity check more than a reproduction: the race (a collection between close() reading
      // its state and marking itself closed) needs the JIT to treat the object as dead inside
      // close(), which no test can force; the fence is the documented Cleaner idiom.
      for (int i = 0; i < 5_000; i++) {
        closeRightAway(pool);
      }
    } finally {
      collector.interrupt();
      collector.join();
    }
    CountingPool sentinelPool = new CountingPool();
    leakAPipe(sentinelPool);
    awaitReportFrom("leakAPipe", sentinelPool);
    gcAFewTimes();
    assertEquals(List.of(), reportsFrom("closeRightAway"), "a closed pipe was reported");
    pool.assertAllReturned();
  }

  // ---------------------------------------------------------------- threads

  @Test
  void aSecondThreadOnAPlainPipeIsNamedInDebugMode() throws Exception {
    CountingPool pool = new CountingPool();
    try (Pipe pipe = Pipe.builder().pool(pool).debug(true).build()) {
      java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      java.nio.channels.ReadableByteChannel slow =
          new java.nio.channels.ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
              inside.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
              }
              dst.put((byte) 'a');
              return 1;
            }

            @Override
            public boolean isOpen() {
              return true;
            }

            @Override
            public void close() {}
          };
      Worker<Integer> first = Worker.start(() -> pipe.readFrom(slow));
      inside.await();
      IllegalStateException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalStateException.class, () -> pipe.write(new byte[] {'b'}));
      assertTrue(e.getMessage().contains(first.thread().getName()), e.getMessage());
      assertTrue(e.getMessage().contains("one thread at a time"), e.getMessage());
      release.countDown();
      assertEquals(1, first.get());
      pipe.write(new byte[] {'b'}); // taking turns is fine
      assertEquals("ab", new String(pipe.read(), StandardCharsets.US_ASCII));
    }
    pool.assertAllReturned();
  }

  // ---------------------------------------------------------------- poison

  @Test
  void releasedChunksArePoisonedInDebugMode() {
    KeepingPool pool = new KeepingPool();
    Pipe pipe = Pipe.builder().pool(pool).minChunkSize(16).maxChunkSize(16).debug(true).build();
    pipe.write("secret password!".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer kept = pool.lent.get(0);
    pipe.close();

    assertEquals(1, pool.released.size());
    byte[] after = contents(kept);
    byte[] poison = new byte[after.length];
    Arrays.fill(poison, Chunk.POISON);
    assertEquals(
        (byte) 0xDE, Chunk.POISON, "the documented poison byte");
    assertTrue(Arrays.equals(poison, after), () -> "not poisoned: " + Arrays.toString(after));
  }

  @Test
  void chunksGivenBackByTheLastSequenceArePoisonedToo() throws IOException {
    KeepingPool pool = new KeepingPool();
    Pipe pipe = Pipe.builder().pool(pool).minChunkSize(16).maxChunkSize(16).debug(true).build();
    pipe.write("0123456789".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer kept = pool.lent.get(0);
    ByteSequence view = pipe.readZeroCopy(4);
    pipe.close();
    assertEquals(0, pool.released.size(), "the sequence still holds the chunk");
    assertEquals("0123", new String(view.toByteArray(), StandardCharsets.US_ASCII));

    view.close();

    assertEquals(1, pool.released.size());
    for (byte b : contents(kept)) {
      assertEquals(Chunk.POISON, b);
    }
  }

  @Test
  void releasedChunksAreNotPoisonedWithDebugOff() {
    KeepingPool pool = new KeepingPool();
    Pipe pipe = Pipe.builder().pool(pool).minChunkSize(16).maxChunkSize(16).debug(false).build();
    pipe.write("plain text here!".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer kept = pool.lent.get(0);
    pipe.close();

    assertEquals(1, pool.released.size());
    assertEquals(
        "plain text here!",
        new String(contents(kept), 0, 16, StandardCharsets.US_ASCII),
        "debug off must not touch released memory");
  }

  // ---------------------------------------------------------------- helpers

  /** Creation site of the leaked sequence: it is read and dropped here, never closed. */
  private static void leakASequence(Pipe pipe) {
    try {
      ByteSequence leaked = pipe.readZeroCopy(12);
      assertNotNull(leaked);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Creation site of the leaked pipe: written to and dropped here, never closed. */
  private static void leakAPipe(ChunkPool pool) {
    Pipe leaked = Pipe.builder().pool(pool).minChunkSize(8).maxChunkSize(8).debug(true).build();
    leaked.write("leaked bytes".getBytes(StandardCharsets.US_ASCII));
  }

  private static void leakAPipeWithoutDebug(ChunkPool pool) {
    Pipe leaked = Pipe.builder().pool(pool).minChunkSize(8).maxChunkSize(8).debug(false).build();
    leaked.write("leaked bytes".getBytes(StandardCharsets.US_ASCII));
  }

  private static void closeRightAway(ChunkPool pool) throws IOException {
    Pipe pipe = Pipe.builder().pool(pool).minChunkSize(8).maxChunkSize(8).debug(true).build();
    pipe.write(new byte[] {1, 2, 3, 4, 5, 6});
    for (int i = 0; i < 3; i++) {
      pipe.readZeroCopy(2).close(); // nothing refers to the sequence once close() reads its state
    }
    pipe.close();
  }

  private static void createUseAndClose(ChunkPool pool) throws IOException {
    Pipe pipe = Pipe.builder().pool(pool).minChunkSize(8).maxChunkSize(8).debug(true).build();
    pipe.write("some bytes to view".getBytes(StandardCharsets.US_ASCII));
    try (ByteSequence view = pipe.readZeroCopy(10)) {
      assertEquals(10, view.length());
    }
    pipe.close();
  }

  /**
   * Runs the collector until a report whose creation trace names {@code method} arrived and {@code
   * pool} has every buffer back, or fails after {@link #TIMEOUT_MS}.
   */
  private LogRecord awaitReportFrom(String method, CountingPool pool) {
    awaitGc(() -> !reportsFrom(method).isEmpty() && pool.outstanding() == 0);
    List<LogRecord> found = reportsFrom(method);
    assertEquals(1, found.size(), () -> "expected one report from " + method + ", got " + found);
    return found.get(0);
  }

  /** Reports whose attached creation trace has a frame in {@code method} of this class. */
  private List<LogRecord> reportsFrom(String method) {
    List<LogRecord> found = new ArrayList<>();
    for (LogRecord r : records) {
      Throwable origin = r.getThrown();
      if (origin == null) {
        continue;
      }
      for (StackTraceElement frame : origin.getStackTrace()) {
        if (frame.getClassName().equals(DebugModeTest.class.getName())
            && frame.getMethodName().equals(method)) {
          found.add(r);
          break;
        }
      }
    }
    return found;
  }

  private static void awaitGc(BooleanSupplier done) {
    long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not done within " + TIMEOUT_MS + " ms of System.gc()");
      }
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static void gcAFewTimes() {
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static byte[] contents(ByteBuffer buffer) {
    ByteBuffer all = buffer.duplicate().clear();
    byte[] out = new byte[all.remaining()];
    all.get(out);
    return out;
  }

  /** A pool that never touches what it gets back, so a test can see what the pipe left in it. */
  private static final class KeepingPool implements ChunkPool {
    final List<ByteBuffer> lent = new CopyOnWriteArrayList<>();
    final List<ByteBuffer> released = new CopyOnWriteArrayList<>();

    @Override
    public ByteBuffer acquire(int minCapacity) {
      ByteBuffer b = ByteBuffer.allocate(minCapacity);
      lent.add(b);
      return b;
    }

    @Override
    public void release(ByteBuffer buffer) {
      released.add(buffer);
    }

    @Override
    public String name() {
      return "keeping";
    }

    @Override
    public PoolStats stats() {
      return new PoolStats(lent.size(), released.size(), lent.size() - released.size(), 0, 0, 0);
    }
  }
}
