package io.github.chunkedbuffer.tests.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.chunkedbuffer.pipe.BufferLimitExceededException;
import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.LimitExceededException;
import io.github.chunkedbuffer.pipe.PartialReadException;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hostile peer against the write side: slow-byte feeders, huge hints, the limit reached at every
 * writer-side call, interrupts at random points of both sides, and closes from either side while
 * the other blocks in channel I/O.
 *
 * <p>Every scenario runs over a {@link CountingPool} of its own, which lends exactly the capacity
 * asked for (so its bytes are the bytes the pipe sized its chunks to), records the peak of the
 * bytes it has out, scribbles over every buffer given back and checks the scribble when it lends
 * the buffer again (a lent slice written after its chunk went back shows up), and refuses double or
 * foreign releases. Every scenario asserts:
 *
 * <ol>
 *   <li>the pool's peak stays within the documented bound: {@code bound + max(maxChunkSize, the
 *       largest hint)}, where {@code bound} is {@code maxBufferedBytes} for a plain pipe and {@code
 *       min(pauseAtBytes, maxBufferedBytes)} for a concurrent pipe whose reader never waits in
 *       {@code await} for more than is buffered (an awaiting reader lets the writer past {@code
 *       pauseAtBytes}, and then only {@code maxBufferedBytes} bounds it, as documented);
 *   <li>what the reader received is an exact prefix of what the writer sent (byte {@code i} of the
 *       stream is {@link #streamByte}), and all of it when the writer ended with EOF;
 *   <li>the pool has every buffer back at the end, with no double, foreign or late write;
 *   <li>nothing hangs: every join is bounded and a stuck thread fails the test with its stack.
 * </ol>
 *
 * <p>The randomized scenario prints its seed on failure; rerun it with {@code -Dhostile.seed=N}. It
 * runs {@link Reliability#millis(double)} (about a second, or {@code soak.seconds}).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostilePeerTest {

  /** How long any one side may take before the scenario counts it as hung. */
  private static final long HANG_MILLIS = 10_000;

  private static final int DEFAULT_MAX = Pipe.Builder.DEFAULT_MAX_CHUNK_SIZE;

  /** Byte {@code i} of the stream every writer sends: not periodic in any chunk size. */
  static byte streamByte(long i) {
    return (byte) (i * 131 + (i >>> 9) * 7 + 1);
  }

  static byte[] stream(long from, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = streamByte(from + i);
    }
    return b;
  }

  // ================================================================== the kinds of pipe

  /** The pipes under attack: plain, plain in debug mode, concurrent. */
  enum Kind {
    PLAIN,
    DEBUG,
    CONCURRENT;

    boolean concurrent() {
      return this == CONCURRENT;
    }
  }

  /** Chunk sizes: the defaults (4 KiB growing to 256 KiB), or all chunks of 4 KiB. */
  enum Sizes {
    DEFAULT(Pipe.Builder.DEFAULT_MIN_CHUNK_SIZE, DEFAULT_MAX),
    FIXED(4096, 4096);

    final int min;
    final int max;

    Sizes(int min, int max) {
      this.min = min;
      this.max = max;
    }
  }

  /**
   * Builds a pipe of {@code kind}: a plain one bounded by {@code bound} as maxBufferedBytes, or a
   * concurrent one pausing at {@code bound} (resuming at a quarter of it) with no unread limit.
   */
  private static Pipe pipe(Kind kind, Sizes sizes, ChunkPool pool, long bound) {
    Pipe.Builder b =
        Pipe.builder()
            .pool(pool)
            .minChunkSize(sizes.min)
            .maxChunkSize(sizes.max)
            .debug(kind == Kind.DEBUG);
    if (kind.concurrent()) {
      b.concurrent(bound, bound / 4);
    } else {
      b.maxBufferedBytes(bound);
    }
    return b.build();
  }

  // ================================================================== slow-byte feeders

  static Stream<Arguments> slowFeeders() {
    List<Arguments> all = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      for (Sizes sizes : Sizes.values()) {
        for (int hint : new int[] {1, 4096, sizes.max, sizes.max * 2}) {
          all.add(Arguments.of(kind, sizes, hint));
        }
      }
    }
    return all.stream();
  }

  /**
   * A peer that delivers one byte per {@code getBuffer(hint)}: the pipe must not hold a chunk per
   * byte. A plain pipe refuses the writer at its bound (the test then reads a little and goes on);
   * a concurrent pipe holds the writer back until the reader, which only polls, catches up.
   */
  @ParameterizedTest(name = "{0} {1} hint={2}")
  @MethodSource("slowFeeders")
  void oneBytePerGetBufferStaysWithinTheBound(Kind kind, Sizes sizes, int hint) throws Exception {
    // A plain pipe's feeders send more than the 16 KiB limit and so meet it, but for the hints
    // larger than 4 KiB, whose loans cost a large chunk each: those check the memory bound only.
    int bytes = hint > 4096 ? 120 : kind.concurrent() ? 3000 : 20_000;
    Feeder feeder =
        (pipe, at) -> {
          ByteBuffer lent = pipe.getBuffer(hint);
          assertTrue(lent.remaining() >= Math.max(hint, 1), () -> "lent " + lent);
          lent.put(streamByte(at));
          pipe.bufferWritten(1);
          return 1;
        };
    slowFeed(kind, sizes, hint, bytes, feeder);
  }

  /** The same peer with {@code tryGetBuffer}, which a non-blocking writer retries on null. */
  @ParameterizedTest(name = "{0} hint={1}")
  @MethodSource("tryHints")
  void oneBytePerTryGetBufferStaysWithinTheBound(Kind kind, int hint) throws Exception {
    Feeder feeder =
        (pipe, at) -> {
          ByteBuffer lent = pipe.tryGetBuffer(hint);
          if (lent == null) {
            assertTrue(kind.concurrent(), "only a concurrent pipe answers null");
            LockSupport.parkNanos(20_000);
            return 0;
          }
          lent.put(streamByte(at));
          pipe.bufferWritten(1);
          return 1;
        };
    int bytes = kind.concurrent() ? 3000 : 20_000;
    slowFeed(kind, Sizes.FIXED, hint, bytes, feeder);
  }

  static Stream<Arguments> tryHints() {
    return Stream.of(Kind.values())
        .flatMap(k -> Stream.of(Arguments.of(k, 1), Arguments.of(k, 4096), Arguments.of(k, 5000)));
  }

  /** A peer whose channel delivers one byte per {@code readFrom}. */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("kindsAndSizes")
  void oneBytePerReadFromStaysWithinTheBound(Kind kind, Sizes sizes) throws Exception {
    OneByteChannel channel = new OneByteChannel();
    Feeder feeder =
        (pipe, at) -> {
          assertEquals(at, channel.position, "the channel and the pipe disagree");
          int n = pipe.readFrom(channel);
          assertEquals(1, n);
          return 1;
        };
    slowFeed(kind, sizes, sizes.min, kind.concurrent() ? 3000 : 20_000, feeder); // asks <= min
  }

  static Stream<Arguments> kindsAndSizes() {
    return Stream.of(Kind.values())
        .flatMap(k -> Stream.of(Sizes.values()).map(s -> Arguments.of(k, s)));
  }

  /** One writer step: sends stream bytes from {@code at} on; returns how many it sent. */
  @FunctionalInterface
  interface Feeder {
    int feed(Pipe pipe, long at) throws Exception;
  }

  /**
   * Feeds {@code bytes} bytes with {@code feeder} into a pipe bounded by 16 KiB (or twice the
   * largest hint), checking the bound after every step. Plain pipes run on the test thread and read
   * a random amount whenever the writer is refused (the plain feeders send more than the limit, so
   * they always are); a concurrent pipe gets a writer thread and a polling reader thread.
   */
  private static void slowFeed(Kind kind, Sizes sizes, int largestHint, int bytes, Feeder feeder)
      throws Exception {
    CountingPool pool = new CountingPool();
    long bound = Math.max(16 * 1024, 2L * largestHint);
    long memory = bound + Math.max(sizes.max, largestHint);
    Received got = new Received();
    SplittableRandom random = new SplittableRandom(bytes * 31L + largestHint);
    Pipe pipe = pipe(kind, sizes, pool, bound);
    if (!kind.concurrent()) {
      long sent = 0;
      int refusals = 0;
      while (sent < bytes) {
        long before = pipe.length();
        try {
          sent += feeder.feed(pipe, sent);
        } catch (LimitExceededException | BufferLimitExceededException e) {
          // A refusal names the limit and changes nothing; reading makes room again.
          refusals++;
          assertNotNull(e.getMessage());
          assertTrue(e.getMessage().contains(Long.toString(bound)), e.getMessage());
          assertEquals(before, pipe.length(), "a refused step committed bytes");
          got.accept(pipe.read(random.nextInt(1, (int) Math.min(Math.max(before, 1), 4096) + 1)));
        }
        pool.assertWithin(memory, kind + " " + sizes + " after " + sent + " bytes");
      }
      pipe.eof();
      got.drain(pipe);
      if (bytes > bound) {
        assertTrue(refusals > 0, "the feeder never met the bound");
      }
    } else {
      Side writer =
          Side.start(
              "writer",
              () -> {
                long at = 0;
                while (at < bytes) {
                  at += feeder.feed(pipe, at);
                }
                pipe.eof();
              });
      Side reader = Side.start("reader", () -> got.pollUntilEof(pipe, random.split()));
      writer.join();
      reader.join();
      writer.rethrow();
      reader.rethrow();
    }
    pipe.close();
    assertEquals(bytes, got.count(), "every byte sent arrived");
    pool.assertWithin(memory, kind + " " + sizes + " peak");
    pool.assertAllBack();
  }

  // ================================================================== huge hints

  static Stream<Arguments> boundedKinds() {
    // Concurrent pipes with the unread limit below and above the pause threshold.
    return Stream.of(
        Arguments.of(Kind.PLAIN, 0L), Arguments.of(Kind.DEBUG, 0L),
        Arguments.of(Kind.CONCURRENT, 1024L), Arguments.of(Kind.CONCURRENT, 1L << 20));
  }

  private static Pipe bounded(Kind kind, long pause, CountingPool pool, long limit) {
    Pipe.Builder b =
        Pipe.builder()
            .pool(pool)
            .minChunkSize(64)
            .maxChunkSize(1024)
            .maxBufferedBytes(limit)
            .debug(kind == Kind.DEBUG);
    if (kind.concurrent()) {
      b.concurrent(pause, 0);
    }
    return b.build();
  }

  /**
   * {@code getBuffer} and {@code tryGetBuffer} with a hint the limit can never allow: refused at
   * once with the values in the message, nothing taken from the pool, nothing committed, and the
   * previous loan still good.
   */
  @ParameterizedTest(name = "{0} pause={1}")
  @MethodSource("boundedKinds")
  void hugeHintsAreRefusedAtOnceChangingNothing(Kind kind, long pause) throws Exception {
    CountingPool pool = new CountingPool();
    long limit = 4096;
    Pipe pipe = bounded(kind, pause, pool, limit);
    // One thread does everything: on a concurrent pipe the loan's holder is the only writer. A
    // refusal that waits for a reader instead hangs that thread, which fails the test.
    Side.run(
        kind.toString(),
        () -> {
          pipe.write(stream(0, 1000));
          ByteBuffer loan = pipe.getBuffer(10);
          loan.put(stream(1000, 10));
          assertHugeHintsRefused(pipe, pool, limit, kind.concurrent());
          pipe.bufferWritten(10); // the loan survived every refusal
          pipe.write(stream(1010, 1000)); // past a concurrent pipe's pause threshold if low
          assertHugeHintsRefused(pipe, pool, limit, kind.concurrent());
          assertThrows(IllegalArgumentException.class, () -> pipe.getBuffer(-2));
          assertThrows(IllegalArgumentException.class, () -> pipe.getBuffer(Integer.MIN_VALUE));
          Received got = new Received();
          got.accept(pipe.read());
          assertEquals(2010, got.count());
          pipe.close();
        });
    pool.assertWithin(limit + 1024, kind + " peak");
    pool.assertAllBack();
  }

  /**
   * Hints the limit never allows, and one more than the room it leaves now: refused at once with
   * the values, changing nothing. A concurrent pipe may hold its writer back (by unread bytes or
   * chunk memory) for the last, which fits once the reader reads: there {@code getBuffer} would
   * rightly wait, and {@code tryGetBuffer} answers null or refuses.
   */
  private static void assertHugeHintsRefused(
      Pipe pipe, CountingPool pool, long limit, boolean concurrent) {
    long length = pipe.length();
    long held = pool.bytesOut();
    int room = (int) (limit - length) + 1;
    if (concurrent) {
      try {
        assertNull(pipe.tryGetBuffer(room), "tryGetBuffer(" + room + ") lent past the limit");
      } catch (BufferLimitExceededException e) {
        assertTrue(e.getMessage().contains(Integer.toString(room)), e.getMessage());
      }
      assertEquals(held, pool.bytesOut(), "tryGetBuffer(" + room + ") took or gave back chunks");
    }
    int[] hints =
        concurrent
            ? new int[] {Integer.MAX_VALUE, (int) limit + 1}
            : new int[] {Integer.MAX_VALUE, (int) limit + 1, room};
    for (int hint : hints) {
      for (boolean tryFirst : new boolean[] {false, true}) {
        String call = (tryFirst ? "tryGetBuffer(" : "getBuffer(") + hint + ")";
        BufferLimitExceededException e =
            assertThrows(
                BufferLimitExceededException.class,
                () -> {
                  if (tryFirst) {
                    pipe.tryGetBuffer(hint);
                  } else {
                    pipe.getBuffer(hint);
                  }
                },
                call);
        assertTrue(e.getMessage().contains(Integer.toString(hint)), e.getMessage());
        assertTrue(e.getMessage().contains("maxBufferedBytes"), e.getMessage());
        assertEquals(limit, e.limit());
        assertEquals(length, pipe.length(), call + " committed bytes");
        assertEquals(held, pool.bytesOut(), call + " took or gave back chunks");
      }
    }
  }

  // ================================================================== the limit at every call

  /** Each writer-side call, run against a pipe at its limit with a loan of 3 bytes out. */
  enum Call {
    WRITE_ARRAY,
    WRITE_RANGE,
    WRITE_BUFFER,
    GET_BUFFER,
    TRY_GET_BUFFER,
    READ_FROM
  }

  static Stream<Arguments> everyCall() {
    List<Arguments> all = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      for (Call call : Call.values()) {
        for (boolean byMemory : new boolean[] {false, true}) {
          all.add(Arguments.of(kind, call, byMemory));
        }
      }
    }
    return all.stream();
  }

  /**
   * The limit reached at every writer-side call: by unread bytes (the pipe holds its limit but for
   * the loan's room), or by chunk memory (one byte per chunk-sized loan until the memory bound
   * refuses). The call throws an exception naming the limit, commits nothing, takes no chunk,
   * leaves a {@code ByteBuffer} source where it was, reads nothing from a channel, and the loan
   * taken before it can still be committed.
   */
  @ParameterizedTest(name = "{0} {1} byMemory={2}")
  @MethodSource("everyCall")
  void theLimitAtEveryWriterCallCommitsNothingAndKeepsThePreviousLoan(
      Kind kind, Call call, boolean byMemory) throws Exception {
    CountingPool pool = new CountingPool();
    int chunk = 1024;
    long limit = 8L * chunk;
    Pipe.Builder b =
        Pipe.builder()
            .pool(pool)
            .minChunkSize(chunk)
            .maxChunkSize(chunk)
            .maxBufferedBytes(limit)
            .debug(kind == Kind.DEBUG);
    if (kind.concurrent()) {
      b.concurrent(1L << 30, 0); // the limit, not the pause threshold, is what refuses here
    }
    Pipe pipe = b.build();
    List<ByteSequence> leases = new ArrayList<>();
    // One thread does everything: on a concurrent pipe the loan's holder is the only writer.
    Side.run(
        kind + " " + call,
        () -> {
          long sent = 0;
          if (byMemory) {
            // One byte per chunk-sized loan, each byte leased by a sequence: a leased tail can be
            // neither moved nor merged back, so every byte takes a chunk, until memory refuses.
            while (true) {
              ByteBuffer lent;
              try {
                lent = pipe.getBuffer(chunk);
              } catch (BufferLimitExceededException e) {
                break;
              }
              lent.put(streamByte(sent++));
              pipe.bufferWritten(1);
              try (ByteSequence all = pipe.peekExactZeroCopy((int) sent)) {
                leases.add(all.slice(sent - 1, sent));
              }
            }
            assertTrue(sent < limit / 2, "memory refused only at " + sent + " unread bytes");
          } else {
            pipe.write(stream(0, (int) limit - 3));
            sent = limit - 3;
          }
          // The previous loan: written, not yet committed. By memory it must come from the
          // room left in the last chunk, which a 1-byte loan finds.
          int loanBytes = byMemory ? 1 : 3;
          ByteBuffer loan = pipe.getBuffer(loanBytes);
          loan.put(stream(sent, loanBytes));
          OneByteChannel channel = new OneByteChannel();
          if (call == Call.READ_FROM) {
            // readFrom lends whatever room there is, so it is refused only when not one byte
            // fits: commit the loan, and fill up byte by byte until a write is refused.
            pipe.bufferWritten(loanBytes);
            sent += loanBytes;
            while (true) {
              try {
                pipe.write(stream(sent, 1));
                sent++;
              } catch (BufferLimitExceededException e) {
                break;
              }
            }
          }
          long length = pipe.length();
          long held = pool.bytesOut();
          int big = byMemory ? chunk : 4; // more than the room left either way
          ByteBuffer source = ByteBuffer.wrap(stream(0, big));
          Exception thrown =
              assertThrows(
                  Exception.class,
                  () -> {
                    switch (call) {
                      case WRITE_ARRAY -> pipe.write(new byte[big]);
                      case WRITE_RANGE -> pipe.write(new byte[big + 10], 5, big);
                      case WRITE_BUFFER -> pipe.write(source);
                      case GET_BUFFER -> pipe.getBuffer(big);
                      case TRY_GET_BUFFER -> pipe.tryGetBuffer(big);
                      case READ_FROM -> pipe.readFrom(channel);
                    }
                  },
                  call + " went through");
          long reported;
          if (call == Call.READ_FROM) {
            reported = assertInstanceOf(LimitExceededException.class, thrown).limit();
            assertEquals(0, channel.position, "the channel was read although nothing fits");
          } else {
            reported = assertInstanceOf(BufferLimitExceededException.class, thrown).limit();
          }
          assertEquals(limit, reported, thrown.getMessage());
          assertTrue(thrown.getMessage().contains(Long.toString(limit)), thrown.getMessage());
          assertEquals(length, pipe.length(), call + " committed bytes");
          assertEquals(held, pool.bytesOut(), call + " took or gave back chunks");
          assertEquals(0, source.position(), "a refused write(ByteBuffer) moved its source");
          if (call != Call.READ_FROM) {
            pipe.bufferWritten(loanBytes); // the loan survived the refusal
            sent += loanBytes;
          }
          Received got = new Received();
          got.accept(pipe.read());
          assertEquals(sent, got.count());
          pipe.close();
          for (int i = 0; i < leases.size(); i++) {
            assertEquals(streamByte(i), leases.get(i).byteAt(0), "leased byte " + i);
            leases.get(i).close();
          }
        });
    pool.assertWithin(limit + chunk, kind + " " + call + " peak");
    pool.assertAllBack();
  }

  // ================================================================== interrupts at random points

  /**
   * A concurrent pipe, one writer and one reader, each interrupted at random points by a third
   * thread. The writer mixes every writer-side call; the reader mixes waiting and polling reads,
   * peeks with skips, the input stream and {@code writeTo} (zero-copy views, whose chunks are the
   * caller's, have a scenario of their own). An interrupted call either completes or throws the
   * interrupt's exception having done nothing (a multi-piece {@code write(ByteBuffer)} advances its
   * source by what it committed); both sides clear the status and go on.
   */
  @Test
  void interruptsAtRandomPointsOfBothSidesLoseAndDuplicateNothing() throws Exception {
    long seed = Long.getLong("hostile.seed", System.nanoTime());
    long deadline = System.nanoTime() + Reliability.millis(1) * 1_000_000;
    SplittableRandom seeds = new SplittableRandom(seed);
    Long only = Long.getLong("hostile.round");
    int rounds = 0;
    while (only == null ? System.nanoTime() < deadline || rounds < 10 : rounds < 1) {
      long roundSeed = only == null ? seeds.nextLong() : only;
      try {
        interruptRound(roundSeed);
      } catch (Throwable e) {
        throw new AssertionError(
            "round "
                + rounds
                + " failed; rerun with -Dhostile.seed="
                + seed
                + " (round seed "
                + roundSeed
                + ")",
            e);
      }
      rounds++;
    }
  }

  private static void interruptRound(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    CountingPool pool = new CountingPool();
    int chunk = 1 << random.nextInt(6, 11);
    long limit = chunk * random.nextLong(4, 16);
    long pause = random.nextLong(1, limit + 1);
    int total = random.nextInt(1, 40_000);
    Pipe pipe =
        Pipe.builder()
            .pool(pool)
            .minChunkSize(Math.max(1, chunk / 4))
            .maxChunkSize(chunk)
            .maxBufferedBytes(limit)
            .concurrent(pause, random.nextLong(0, pause + 1))
            .build();
    Received got = new Received();
    SplittableRandom writerRandom = random.split();
    SplittableRandom readerRandom = random.split();
    // The writer's steps stay 64 bytes under the limit: the reader waits for fewer than 64, so
    // a refused step (the writer retries smaller) never tells it that it waits in vain.
    int most = (int) Math.min(4L * chunk, limit - 64);
    Side writer =
        Side.start("writer", () -> interruptedWriter(pipe, total, chunk, most, writerRandom));
    Side reader = Side.start("reader", () -> interruptedReader(pipe, got, readerRandom));
    SplittableRandom chaos = random.split();
    while (writer.thread.isAlive() || reader.thread.isAlive()) {
      LockSupport.parkNanos(chaos.nextLong(1_000, 200_000));
      (chaos.nextBoolean() ? writer : reader).thread.interrupt();
      if (writer.elapsedMillis() > HANG_MILLIS) {
        break; // the joins below report the hang
      }
    }
    Side.joinBoth(writer, reader, pipe);
    pipe.close();
    assertEquals(total, got.count(), "delivered != sent");
    // A reader waiting for more than is buffered lets the writer past the pause threshold:
    // then only the limit bounds the pipe. Hints go up to `most`, past maxChunkSize.
    pool.assertWithin(limit + Math.max(chunk, most), "peak");
    pool.assertAllBack();
  }

  private static void interruptedWriter(
      Pipe pipe, int total, int chunk, int most, SplittableRandom random) throws Exception {
    long sent = 0;
    OneByteChannel channel = new OneByteChannel();
    while (sent < total) {
      int left = (int) Math.min(total - sent, Integer.MAX_VALUE);
      try {
        switch (random.nextInt(6)) {
          case 0 -> {
            // One piece at most: all or nothing.
            int n = random.nextInt(1, Math.min(left, chunk) + 1);
            pipe.write(stream(sent, n));
            sent += n;
          }
          case 1 -> {
            // Any size: the source's position says how much went in, also when interrupted.
            int n = random.nextInt(1, Math.min(left, most) + 1);
            ByteBuffer src = ByteBuffer.wrap(stream(sent, n));
            try {
              pipe.write(src);
            } finally {
              sent += src.position();
            }
          }
          case 2 -> {
            int hint = random.nextInt(-1, chunk + 1);
            ByteBuffer lent = pipe.getBuffer(hint);
            int n = random.nextInt(0, Math.min(lent.remaining(), left) + 1);
            lent.put(stream(sent, n));
            pipe.bufferWritten(n);
            sent += n;
          }
          case 3 -> {
            ByteBuffer lent = pipe.tryGetBuffer(random.nextInt(0, most + 1));
            if (lent != null) {
              lent.put(streamByte(sent));
              pipe.bufferWritten(1);
              sent++;
            }
          }
          case 4 -> {
            channel.position = sent;
            int n = pipe.readFrom(channel);
            assertEquals(1, n);
            sent++;
          }
          default -> {
            OutputStream out = pipe.asOutputStream();
            out.write(streamByte(sent));
            sent++;
          }
        }
      } catch (CancellationException | InterruptedIOException e) {
        assertTrue(Thread.interrupted(), "the interrupt status was kept: " + e);
        assertTrue(e.getMessage().contains("interrupt"), e.getMessage());
      } catch (BufferLimitExceededException | LimitExceededException e) {
        // The limit, with an awaiting reader: wait for it to take bytes.
        LockSupport.parkNanos(50_000);
      }
    }
    Thread.interrupted();
    pipe.eof();
  }

  private static void interruptedReader(Pipe pipe, Received got, SplittableRandom random)
      throws Exception {
    ByteArraySink sink = new ByteArraySink();
    while (true) {
      try {
        byte[] part;
        switch (random.nextInt(6)) {
          case 0 -> part = pipe.await(p -> p.read(random.nextInt(1, 5000)));
          case 1 -> {
            part = pipe.read(random.nextInt(1, 5000));
            if (part == null) {
              LockSupport.parkNanos(20_000);
              continue;
            }
          }
          case 2 -> {
            // Exact reads need the bytes at once: ask only for what the limit allows.
            part = pipe.awaitReadExact(random.nextInt(1, 64), 5, TimeUnit.MILLISECONDS);
            if (part == null) {
              continue;
            }
          }
          case 3 -> {
            // Not a zero-copy read: chunks a view keeps are the caller's, outside the bound.
            part = pipe.await(p -> p.peek(random.nextInt(1, 5000)));
            if (part.length > 0) {
              assertEquals(part.length, pipe.skip(part.length));
            }
          }
          case 4 -> {
            sink.reset();
            pipe.writeTo(sink);
            part = sink.toByteArray();
            if (part.length == 0) {
              if (pipe.reachedEof()) {
                return;
              }
              LockSupport.parkNanos(20_000);
              continue;
            }
          }
          default -> {
            InputStream in = pipe.asInputStream();
            int b = in.read();
            part = b < 0 ? new byte[0] : new byte[] {(byte) b};
          }
        }
        if (part.length == 0) {
          return; // a clean EOF
        }
        got.accept(part);
      } catch (InterruptedException | InterruptedIOException e) {
        Thread.interrupted();
      } catch (LimitExceededException e) {
        // The writer was refused (wasted room filled the memory bound) while this read waited
        // for more than is buffered: only reading what is there makes room again.
        byte[] rest = pipe.read();
        assertTrue(
            rest != null && rest.length > 0, "told to stop waiting with nothing unread: " + e);
        got.accept(rest);
      } catch (PartialReadException e) {
        got.accept(e.leftover());
        return;
      } catch (ClosedByInterruptException e) {
        fail("the sink is not interruptible", e);
      }
    }
  }

  // ================================================================== closes during channel I/O

  /**
   * The reader closes a concurrent pipe while the writer blocks in {@code readFrom} on a blocking
   * channel. When the channel then delivers bytes (or its end), the writer gets an {@link
   * IllegalStateException}, nothing is committed into the closed pipe, and the chunk it was reading
   * into goes back to the pool only then, not while the channel could still write it.
   */
  @Test
  void aCloseWhileTheWriterBlocksInReadFromEndsTheReadAndReturnsTheChunk() throws Exception {
    for (boolean endOfStream : new boolean[] {false, true}) {
      CountingPool pool = new CountingPool();
      Pipe pipe =
          Pipe.builder().pool(pool).minChunkSize(64).maxChunkSize(64).concurrent(1024, 0).build();
      pipe.write(stream(0, 10));
      GatedChannel channel = new GatedChannel(10);
      AtomicReference<Integer> result = new AtomicReference<>();
      Side writer = Side.start("writer", () -> result.set(pipe.readFrom(channel)));
      channel.entered.await();
      Received got = new Received();
      got.accept(pipe.read());
      pipe.close(); // the reader goes away mid-read
      assertEquals(1, pool.buffersOut(), "the chunk being read into went back too early");
      channel.deliver(endOfStream ? -1 : 5);
      writer.join();
      assertInstanceOf(IllegalStateException.class, writer.failure.get(), "readFrom after close");
      assertNull(result.get());
      assertEquals(10, got.count());
      pool.assertAllBack();
    }
  }

  /**
   * The writer closes a concurrent pipe while the reader blocks in {@code writeTo} on a blocking
   * channel: what the channel took is an exact prefix, and every chunk comes back once the channel
   * lets go.
   */
  @Test
  void aCloseWhileTheReaderBlocksInWriteToKeepsItsBytesAndReturnsTheChunks() throws Exception {
    CountingPool pool = new CountingPool();
    Pipe pipe =
        Pipe.builder().pool(pool).minChunkSize(64).maxChunkSize(64).concurrent(1024, 0).build();
    pipe.write(stream(0, 500));
    GatedSink sink = new GatedSink(100);
    AtomicLong written = new AtomicLong();
    Side reader = Side.start("reader", () -> written.set(pipe.writeTo(sink)));
    sink.entered.await();
    Side closer = Side.start("writer", pipe::close);
    closer.join();
    closer.rethrow();
    assertTrue(pool.buffersOut() > 0, "the chunks the channel is writing went back too early");
    sink.release.countDown();
    reader.join();
    reader.rethrow();
    Received got = new Received();
    got.accept(sink.toByteArray());
    assertEquals(written.get(), got.count());
    assertTrue(got.count() >= 100, "the first write");
    pool.assertAllBack();
  }

  /** A third thread closes a concurrent pipe while its writer is held back in {@code write}. */
  @Test
  void aCloseFromAThirdThreadEndsABlockedWrite() throws Exception {
    CountingPool pool = new CountingPool();
    Pipe pipe =
        Pipe.builder().pool(pool).minChunkSize(64).maxChunkSize(64).concurrent(256, 0).build();
    Side writer = Side.start("writer", () -> pipe.write(stream(0, 10_000)));
    writer.awaitParked();
    long unread = pipe.length();
    assertTrue(unread <= 256 + 64, "the writer went past the pause threshold: " + unread);
    Side third = Side.start("third", pipe::close);
    third.join();
    third.rethrow();
    writer.join();
    assertInstanceOf(IllegalStateException.class, writer.failure.get());
    assertTrue(
        writer.failure.get().getMessage().contains("closed"), writer.failure.get().getMessage());
    pool.assertWithin(256 + 64, "peak");
    pool.assertAllBack();
  }

  /**
   * An interrupt while the writer blocks in {@code readFrom} on an interruptible channel closes the
   * channel: {@link ClosedByInterruptException}, nothing committed, the chunk back.
   */
  @Test
  void anInterruptDuringABlockingReadFromCommitsNothing() throws Exception {
    CountingPool pool = new CountingPool();
    java.nio.channels.Pipe channels = java.nio.channels.Pipe.open();
    try (Pipe pipe =
        Pipe.builder().pool(pool).minChunkSize(64).maxChunkSize(64).concurrent(1024, 0).build()) {
      Side writer = Side.start("writer", () -> pipe.readFrom(channels.source()));
      writer.awaitBlocked();
      writer.thread.interrupt();
      writer.join();
      assertInstanceOf(ClosedByInterruptException.class, writer.failure.get());
      assertEquals(0, pipe.length());
      pipe.write(stream(0, 3)); // the pipe goes on; the lent chunk is not stuck
      Received got = new Received();
      got.accept(pipe.read());
      assertEquals(3, got.count());
    } finally {
      channels.sink().close();
      channels.source().close();
    }
    pool.assertAllBack();
  }

  /**
   * A plain pipe in debug mode: a close from another thread while the owner blocks in a channel
   * read is refused naming the owner, instead of freeing the chunk the channel is filling.
   */
  @Test
  void debugModeRefusesACloseFromAnotherThreadDuringABlockingReadFrom() throws Exception {
    CountingPool pool = new CountingPool();
    Pipe pipe = Pipe.builder().pool(pool).minChunkSize(64).maxChunkSize(64).debug(true).build();
    GatedChannel channel = new GatedChannel(0);
    Side writer = Side.start("owner", () -> pipe.readFrom(channel));
    channel.entered.await();
    IllegalStateException e = assertThrows(IllegalStateException.class, pipe::close);
    assertTrue(e.getMessage().contains("owner"), e.getMessage());
    channel.deliver(4);
    writer.join();
    writer.rethrow();
    Received got = new Received();
    got.accept(pipe.read());
    assertEquals(4, got.count());
    pipe.close();
    pool.assertAllBack();
  }

  // ================================================================== views and streams

  /**
   * Zero-copy views kept open while the writer trickles: the chunks they cover are shared, so the
   * writer must neither move nor rewind them; every view keeps its bytes, the pool sees no write
   * after a release, and with the views closed the pipe is within its bound.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("viewKinds")
  void viewsKeptOpenWhileTheWriterTricklesKeepTheirBytes(Kind kind) throws Exception {
    CountingPool pool = new CountingPool();
    SplittableRandom random = new SplittableRandom(kind.name().hashCode());
    long limit = 2048;
    int max = 256;
    Pipe.Builder b =
        Pipe.builder()
            .pool(pool)
            .minChunkSize(16)
            .maxChunkSize(max)
            .maxBufferedBytes(limit)
            .debug(kind == Kind.DEBUG);
    if (kind.concurrent()) {
      b.concurrent(1L << 30, 0); // one thread writes and reads: let the limit refuse, not wait
    }
    Received got = new Received();
    try (Pipe pipe = b.build()) {
      List<ByteSequence> views = new ArrayList<>();
      List<byte[]> expected = new ArrayList<>();
      long sent = 0;
      while (sent < 20_000) {
        int hint = random.nextInt(1, max + 1);
        try {
          ByteBuffer lent = pipe.getBuffer(hint);
          int n = random.nextInt(1, Math.min(lent.remaining(), 3) + 1);
          lent.put(stream(sent, n));
          pipe.bufferWritten(n);
          sent += n;
        } catch (BufferLimitExceededException e) {
          // Read past the wasted room; the views keep their chunks, which are ours now.
          got.accept(pipe.read());
        }
        if (random.nextInt(8) == 0 && pipe.length() > 0) {
          int n = random.nextInt(1, (int) pipe.length() + 1);
          if (random.nextBoolean()) {
            ByteSequence peeked = pipe.peekZeroCopy(n);
            views.add(peeked);
            expected.add(peeked.toByteArray());
          } else {
            long at = got.count();
            ByteSequence read = pipe.readZeroCopy(n);
            byte[] bytes = read.toByteArray();
            got.accept(bytes);
            views.add(read);
            expected.add(stream(at, bytes.length));
          }
        }
        if (views.size() > 6 || random.nextInt(50) == 0) {
          for (int i = 0; i < views.size(); i++) {
            assertArrayEquals(
                expected.get(i), views.get(i).toByteArray(), "view " + i + " changed");
            views.get(i).close();
          }
          views.clear();
          expected.clear();
          pool.assertOutWithin(limit + max, "with no view open");
        }
      }
      for (ByteSequence v : views) {
        v.close();
      }
      pipe.eof();
      got.drain(pipe);
    }
    assertTrue(got.count() > 0);
    pool.assertAllBack();
  }

  static Stream<Kind> viewKinds() {
    return Stream.of(Kind.values());
  }

  /**
   * The stream faces under a one-byte peer: {@code asOutputStream().write(int)} on the writer side,
   * {@code asInputStream().read()} on the reader side, for both kinds of pipe.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("viewKinds")
  void streamsOneByteAtATimeDeliverAnExactPrefixWithinTheBound(Kind kind) throws Exception {
    CountingPool pool = new CountingPool();
    int total = 20_000;
    Received got = new Received();
    if (kind.concurrent()) {
      Pipe pipe =
          Pipe.builder()
              .pool(pool)
              .minChunkSize(16)
              .maxChunkSize(256)
              .concurrent(1024, 256)
              .build();
      Side writer =
          Side.start(
              "writer",
              () -> {
                try (OutputStream out = pipe.asOutputStream()) {
                  for (int i = 0; i < total; i++) {
                    out.write(streamByte(i));
                  }
                }
              });
      Side reader =
          Side.start(
              "reader",
              () -> {
                InputStream in = pipe.asInputStream();
                int b;
                while ((b = in.read()) >= 0) {
                  got.accept(new byte[] {(byte) b});
                }
                in.close();
              });
      writer.join();
      reader.join();
      writer.rethrow();
      reader.rethrow();
      // The input stream waits in await for one byte: while it waits the pipe is empty.
      pool.assertWithin(1024 + 256, "peak");
    } else {
      Pipe pipe =
          Pipe.builder()
              .pool(pool)
              .minChunkSize(16)
              .maxChunkSize(256)
              .maxBufferedBytes(1024)
              .debug(kind == Kind.DEBUG)
              .build();
      OutputStream out = pipe.asOutputStream();
      InputStream in = pipe.asInputStream();
      int sent = 0;
      while (sent < total) {
        try {
          out.write(streamByte(sent));
          sent++;
        } catch (BufferLimitExceededException e) {
          int n = in.available();
          for (int i = 0; i < n; i++) {
            got.accept(new byte[] {(byte) in.read()});
          }
        }
      }
      out.close();
      int b;
      while ((b = in.read()) >= 0) {
        got.accept(new byte[] {(byte) b});
      }
      in.close();
      pool.assertWithin(1024 + 256, "peak");
    }
    assertEquals(total, got.count());
    pool.assertAllBack();
  }

  // ================================================================== helpers

  /** What a reader received, checked byte by byte against the stream as it arrives. */
  static final class Received {
    private long count;

    synchronized void accept(byte[] part) {
      if (part == null) {
        return;
      }
      for (int i = 0; i < part.length; i++) {
        if (part[i] != streamByte(count + i)) {
          throw new AssertionError(
              "byte "
                  + (count + i)
                  + " received is "
                  + part[i]
                  + ", sent "
                  + streamByte(count + i)
                  + ": lost, repeated or scribbled bytes");
        }
      }
      count += part.length;
    }

    synchronized long count() {
      return count;
    }

    /** Reads what is left of a pipe at EOF. */
    void drain(Pipe pipe) throws IOException {
      byte[] rest;
      while ((rest = pipe.read()) != null && rest.length > 0) {
        accept(rest);
      }
    }

    /** A reader that only polls (never waits in await), so the pause bound holds. */
    void pollUntilEof(Pipe pipe, SplittableRandom random) throws IOException {
      while (true) {
        byte[] part = pipe.read(random.nextInt(1, 8192));
        if (part == null) {
          LockSupport.parkNanos(20_000);
        } else if (part.length == 0) {
          return;
        } else {
          accept(part);
        }
      }
    }
  }

  /** A channel that reads one stream byte per call, from {@link #position}. */
  static final class OneByteChannel implements ReadableByteChannel {
    long position; // used by the writer thread only

    @Override
    public int read(ByteBuffer dst) {
      dst.put(streamByte(position++));
      return 1;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** A blocking channel whose first read waits for {@link #deliver}, then reads stream bytes. */
  static final class GatedChannel implements ReadableByteChannel {
    final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final long from;
    private volatile int count;

    GatedChannel(long from) {
      this.from = from;
    }

    void deliver(int n) {
      count = n;
      release.countDown();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      entered.countDown();
      try {
        if (!release.await(HANG_MILLIS, TimeUnit.MILLISECONDS)) {
          throw new IOException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException();
      }
      if (count < 0) {
        return -1;
      }
      dst.put(stream(from, count));
      return count;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** A blocking sink that takes {@code first} bytes, then blocks until released, then all. */
  static final class GatedSink implements WritableByteChannel {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final int first;
    private final ByteArraySink taken = new ByteArraySink();
    private boolean blocked;

    GatedSink(int first) {
      this.first = first;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      if (taken.size() >= first && !blocked) {
        blocked = true;
        entered.countDown();
        try {
          if (!release.await(HANG_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new IOException("never released");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException();
        }
      }
      int n = blocked ? src.remaining() : Math.min(src.remaining(), first - taken.size());
      return taken.write(src, n);
    }

    byte[] toByteArray() {
      return taken.toByteArray();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** A non-blocking, always-open sink that keeps what it is given. */
  static final class ByteArraySink implements WritableByteChannel {
    private byte[] bytes = new byte[256];
    private int size;

    int size() {
      return size;
    }

    void reset() {
      size = 0;
    }

    int write(ByteBuffer src, int n) {
      if (size + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + n));
      }
      src.get(bytes, size, n);
      size += n;
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      return write(src, src.remaining());
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** A body that may throw anything. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  /** One side of a scenario on a daemon thread of its own, with its failure kept. */
  static final class Side {
    final Thread thread;
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final long started = System.nanoTime();

    private Side(String name, Body body) {
      this.thread =
          new Thread(
              () -> {
                try {
                  body.run();
                } catch (Throwable t) {
                  failure.set(t);
                }
              },
              name);
      thread.setDaemon(true);
    }

    static Side start(String name, Body body) {
      Side side = new Side(name, body);
      side.thread.start();
      return side;
    }

    /** Runs {@code body} on a thread of its own and rethrows its failure; fails on a hang. */
    static void run(String name, Body body) throws InterruptedException {
      Side side = start(name, body);
      side.join();
      side.rethrow();
    }

    long elapsedMillis() {
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** Waits for the side to end; a side still running after the hang limit fails the test. */
    void join() throws InterruptedException {
      thread.join(HANG_MILLIS);
      if (thread.isAlive()) {
        StackTraceElement[] stack = thread.getStackTrace();
        thread.interrupt();
        fail(
            thread.getName()
                + " hangs (state "
                + thread.getState()
                + ") at\n  "
                + String.join(
                    "\n  ", Arrays.stream(stack).map(String::valueOf).toArray(String[]::new)));
      }
    }

    /** Waits for two sides of one pipe; a hang reports both threads and the pipe. */
    static void joinBoth(Side a, Side b, Pipe pipe) throws InterruptedException {
      a.thread.join(HANG_MILLIS);
      b.thread.join(Math.max(1, HANG_MILLIS - a.elapsedMillis()));
      if (a.thread.isAlive() || b.thread.isAlive()) {
        String report = a.describe() + "\n" + b.describe() + "\npipe: " + pipe;
        a.thread.interrupt();
        b.thread.interrupt();
        fail("hang:\n" + report);
      }
      a.rethrow();
      b.rethrow();
    }

    private String describe() {
      StringBuilder sb = new StringBuilder(thread.getName());
      sb.append(thread.isAlive() ? " alive, " + thread.getState() : " ended: " + failure.get());
      for (StackTraceElement e : thread.getStackTrace()) {
        sb.append("\n    ").append(e);
      }
      return sb.toString();
    }

    /** Waits until the side parks (as a thread waiting on a pipe's condition does). */
    void awaitParked() throws InterruptedException {
      awaitState(Thread.State.WAITING, Thread.State.TIMED_WAITING);
    }

    /** Waits until the side blocks in I/O or parks. */
    void awaitBlocked() throws InterruptedException {
      // A thread in a blocking channel read shows RUNNABLE: wait until its stack is in the read.
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANG_MILLIS);
      while (System.nanoTime() < deadline) {
        for (StackTraceElement e : thread.getStackTrace()) {
          if (e.getMethodName().equals("read") && e.getClassName().contains("SourceChannel")) {
            Thread.sleep(20); // into the native read
            return;
          }
        }
        Thread.sleep(1);
      }
      fail(thread.getName() + " never blocked in the channel read");
    }

    private void awaitState(Thread.State... states) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANG_MILLIS);
      while (System.nanoTime() < deadline) {
        Thread.State s = thread.getState();
        for (Thread.State wanted : states) {
          if (s == wanted) {
            return;
          }
        }
        if (!thread.isAlive()) {
          fail(thread.getName() + " ended instead of blocking: " + failure.get());
        }
        Thread.sleep(1);
      }
      fail(thread.getName() + " never blocked");
    }

    void rethrow() {
      Throwable t = failure.get();
      if (t != null) {
        throw new AssertionError(thread.getName() + " failed: " + t, t);
      }
    }
  }

  /**
   * A pool of our own: lends heap buffers of exactly the capacity asked for, counts the bytes it
   * has out and their peak, scribbles over what comes back and checks the scribble when it lends a
   * buffer again (a write after the release shows), and refuses double or foreign releases.
   */
  static final class CountingPool implements ChunkPool {
    private static final byte SCRIBBLE = (byte) 0xA5;

    private final Set<ByteBuffer> lent = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Integer, ArrayDeque<ByteBuffer>> free = new HashMap<>();
    private final List<String> errors = new ArrayList<>();
    private long bytesOut;
    private long peak;
    private long acquired;
    private long released;

    @Override
    public synchronized ByteBuffer acquire(int minCapacity) {
      if (minCapacity < 1) {
        errors.add("acquire(" + minCapacity + ")");
        throw new IllegalArgumentException("acquire(" + minCapacity + "): need >= 1");
      }
      ArrayDeque<ByteBuffer> same = free.get(minCapacity);
      ByteBuffer b = same == null ? null : same.pollFirst();
      if (b == null) {
        b = ByteBuffer.allocate(minCapacity);
      } else {
        checkScribble(b, "lent again");
        b.clear();
      }
      lent.add(b);
      acquired++;
      bytesOut += minCapacity;
      peak = Math.max(peak, bytesOut);
      return b;
    }

    @Override
    public synchronized void release(ByteBuffer buffer) {
      if (!lent.remove(buffer)) {
        errors.add("release of a buffer not lent (double or foreign): " + buffer);
        throw new IllegalArgumentException("not lent: " + buffer);
      }
      released++;
      bytesOut -= buffer.capacity();
      Arrays.fill(
          buffer.array(), buffer.arrayOffset(), buffer.arrayOffset() + buffer.capacity(), SCRIBBLE);
      free.computeIfAbsent(buffer.capacity(), k -> new ArrayDeque<>()).addFirst(buffer);
    }

    private void checkScribble(ByteBuffer b, String when) {
      byte[] a = b.array();
      for (int i = 0; i < b.capacity(); i++) {
        if (a[b.arrayOffset() + i] != SCRIBBLE) {
          errors.add(
              "a buffer of "
                  + b.capacity()
                  + " bytes was written at "
                  + i
                  + " after it came back ("
                  + when
                  + ")");
          return;
        }
      }
    }

    @Override
    public String name() {
      return "hostile-counting";
    }

    @Override
    public synchronized PoolStats stats() {
      long pooled = 0;
      for (ArrayDeque<ByteBuffer> q : free.values()) {
        for (ByteBuffer b : q) {
          pooled += b.capacity();
        }
      }
      return new PoolStats(acquired, released, acquired - released, pooled, 0, acquired);
    }

    synchronized long bytesOut() {
      return bytesOut;
    }

    synchronized long buffersOut() {
      return lent.size();
    }

    /** Fails when the peak of bytes out passed {@code bound}. */
    synchronized void assertWithin(long bound, String what) {
      assertTrue(
          peak <= bound, what + ": the pool had " + peak + " bytes out, the bound is " + bound);
    }

    /** Fails when the bytes out now pass {@code bound}. */
    synchronized void assertOutWithin(long bound, String what) {
      assertTrue(
          bytesOut <= bound,
          what + ": the pool has " + bytesOut + " bytes out, the bound is " + bound);
    }

    /** Fails unless every buffer is back, none twice, none foreign, none written after. */
    synchronized void assertAllBack() {
      for (ArrayDeque<ByteBuffer> q : free.values()) {
        for (ByteBuffer b : q) {
          checkScribble(b, "at the end");
        }
      }
      assertEquals(List.of(), errors, "pool misuse");
      assertEquals(0, lent.size(), "buffers not returned: " + bytesOut + " bytes");
    }
  }
}
