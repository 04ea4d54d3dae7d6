package io.github.chunkedbuffer.tests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pools under load: several platform threads acquire and release for a fixed time, holding a few
 * buffers at once and handing some to another thread to release (the cross-thread path). Every
 * buffer carries an ownership token: taking it must find no other holder (no buffer lent to two
 * holders at once), and a stamp written into it must be intact when its holder gives it back (no
 * other holder wrote into it). At the end the counters are exact.
 *
 * <p>Runs for {@link Reliability#millis(double)} per pool: about two seconds, or {@code
 * soak.seconds} under the {@code soak} profile.
 */
class PoolHammerTest {

  private static final int THREADS = 4;
  private static final int MAX_HELD = 6;

  /** A held buffer's identity; ByteBuffer.equals compares content, so it cannot be a key. */
  private static final class Token {
    final ByteBuffer buffer;

    Token(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(buffer);
    }

    @Override
    @SuppressWarnings("ReferenceEquality") // identity on purpose
    public boolean equals(Object o) {
      return o instanceof Token other && other.buffer == buffer;
    }
  }

  @ParameterizedTest(name = "{0}, debug={1}")
  @CsvSource({"heap, false", "heap, true", "direct, false", "direct, true", "thread-local, false", "thread-local, true"})
  void poolHammeredFromSeveralThreadsNeverLendsABufferTwiceAndCountsExactly(String name, boolean debug)
      throws Exception {
    ChunkPool pool = Reliability.freshPool(name, 4L << 20, debug);
    PoolStats before = pool.stats();
    ConcurrentHashMap<Token, Long> owners = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<ByteBuffer> handoff = new ConcurrentLinkedQueue<>();
    AtomicLong acquires = new AtomicLong();
    AtomicLong releases = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long deadline = System.nanoTime() + Reliability.millis(2.0 / 6) * 1_000_000;

    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long id = t + 1L;
      Thread thread =
          new Thread(
              () -> {
                try {
                  churn(pool, id, deadline, owners, handoff, acquires, releases);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "hammer-" + id);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertNull(failure.get(), () -> "a worker failed: " + failure.get());
    for (ByteBuffer b; (b = handoff.poll()) != null; ) {
      release(pool, b, owners, releases);
    }

    assertTrue(owners.isEmpty(), "buffers still marked as held: " + owners.size());
    PoolStats change = Reliability.since(before, pool.stats());
    assertTrue(acquires.get() > 1000, "too little work to mean anything: " + acquires.get());
    assertEquals(acquires.get(), change.acquired());
    assertEquals(releases.get(), change.released());
    assertEquals(0, change.outstanding());
    assertEquals(change.acquired(), change.hits() + change.misses());
    assertTrue(change.hits() > 0, "the pool never reused a buffer");
  }

  private static void churn(
      ChunkPool pool,
      long id,
      long deadline,
      ConcurrentHashMap<Token, Long> owners,
      ConcurrentLinkedQueue<ByteBuffer> handoff,
      AtomicLong acquires,
      AtomicLong releases) {
    SplittableRandom random = new SplittableRandom(id * 7919);
    Deque<ByteBuffer> held = new ArrayDeque<>();
    long stamp = id << 32;
    while (System.nanoTime() < deadline) {
      if (held.size() < MAX_HELD && (held.isEmpty() || random.nextBoolean())) {
        int size = 1 << random.nextInt(9, 17); // 512 B .. 64 KiB
        ByteBuffer b = pool.acquire(size - random.nextInt(2));
        acquires.incrementAndGet();
        Long other = owners.putIfAbsent(new Token(b), id);
        if (other != null) {
          throw new AssertionError("buffer lent to thread " + id + " while thread " + other + " holds it");
        }
        stamp++;
        b.putLong(0, stamp);
        b.putLong(b.capacity() - 8, ~stamp);
        held.addLast(b);
      } else {
        ByteBuffer b = random.nextBoolean() ? held.pollFirst() : held.pollLast();
        long s = b.getLong(0);
        if (b.getLong(b.capacity() - 8) != ~s || (s >>> 32) != id) {
          throw new AssertionError("another holder wrote into a buffer thread " + id + " holds");
        }
        if (random.nextInt(4) == 0) {
          handoff.add(b); // some other thread releases it
        } else {
          release(pool, b, owners, releases);
        }
      }
      ByteBuffer foreign = random.nextInt(8) == 0 ? handoff.poll() : null;
      if (foreign != null) {
        release(pool, foreign, owners, releases);
      }
    }
    for (ByteBuffer b : held) {
      release(pool, b, owners, releases);
    }
  }

  private static void release(
      ChunkPool pool, ByteBuffer b, ConcurrentHashMap<Token, Long> owners, AtomicLong releases) {
    // The token goes first: once released, the pool may lend the buffer to anybody.
    if (owners.remove(new Token(b)) == null) {
      throw new AssertionError("releasing a buffer nobody held");
    }
    pool.release(b);
    releases.incrementAndGet();
  }
}
