package io.github.chunkedbuffer.tests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PartialReadException;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Randomized faults against a concurrent pipe, one writer thread and one reader thread, against a
 * model of the byte stream. The writer fills the pipe from a channel that sometimes throws after
 * scribbling into the lent buffer, and ends with {@code eof()}, {@code eof(cause)}, a {@code
 * close()} at a random point, or not at all (then the reader closes at a random point). The reader
 * mixes copying, zero-copy, {@code readUntil} and waiting reads with {@code writeTo} into a channel
 * that sometimes throws, and the writer interrupts it at random while it waits.
 *
 * <p>The model: the writer counts the bytes the pipe accepted ({@code sent}); the reader keeps every
 * byte it received, in order, including the leftover a {@link PartialReadException} reports. What
 * the reader holds must be exactly the first bytes of the stream — nothing lost in the middle,
 * nothing twice, no scribble from a failed channel read, nothing consumed by an interrupted wait.
 * When nobody closed the pipe early it must be every byte sent; a close may drop the unread rest,
 * as documented. After every round the pool has every buffer back; its debug checks are on, so a
 * double release would fail the round too.
 *
 * <p>Runs for {@link Reliability#millis(double)}: about two seconds, or {@code soak.seconds}.
 */
class PipeFaultInjectionTest {

  private static final byte SEPARATOR = 3;

  /** Byte {@code i} of the endless stream: not periodic in any small chunk size. */
  static byte streamByte(long i) {
    return (byte) (i * 131 + (i >>> 7) * 7 + 3);
  }

  enum Ending {
    EOF,
    EOF_WITH_CAUSE,
    WRITER_CLOSES,
    READER_CLOSES
  }

  @Test
  void everyByteIsDeliveredOrReportedAndEveryBufferComesBackUnderRandomFaults() throws Exception {
    ChunkPool pool = Reliability.freshPool("heap", 4L << 20, true);
    PoolStats before = pool.stats();
    long deadline = System.nanoTime() + Reliability.millis(2) * 1_000_000;
    long seed = Long.getLong("fault.seed", System.nanoTime());
    SplittableRandom seeds = new SplittableRandom(seed);
    int rounds = 0;
    long bytes = 0;
    while (System.nanoTime() < deadline || rounds < 20) {
      long roundSeed = seeds.nextLong();
      try {
        bytes += round(pool, roundSeed);
      } catch (Throwable e) {
        throw new AssertionError(
            "round " + rounds + " failed; rerun it with -Dfault.seed=" + seed + " (round seed "
                + roundSeed + ")", e);
      }
      rounds++;
    }
    PoolStats change = Reliability.since(before, pool.stats());
    assertEquals(0, change.outstanding(), "buffers not returned after " + rounds + " rounds");
    assertTrue(bytes > 0, "no bytes moved in " + rounds + " rounds");
  }

  /** One pipe, one writer, one reader; returns the bytes the reader received. */
  private static long round(ChunkPool pool, long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    Ending ending = Ending.values()[random.nextInt(Ending.values().length)];
    Pipe pipe =
        Pipe.builder()
            .pool(pool)
            .minChunkSize(16)
            .maxChunkSize(64)
            .concurrent(256, 64)
            .debug(random.nextBoolean())
            .build();
    Writer writer = new Writer(pipe, ending, random.split());
    Reader reader = new Reader(pipe, ending, random.split());
    Thread readerThread = new Thread(reader, "reader");
    writer.reader = readerThread;
    Thread writerThread = new Thread(writer, "writer");
    readerThread.start();
    writerThread.start();
    writerThread.join(TimeUnit.SECONDS.toMillis(30));
    readerThread.join(TimeUnit.SECONDS.toMillis(30));
    if (writerThread.isAlive() || readerThread.isAlive()) {
      fail(ending + ": stuck; writer alive " + writerThread.isAlive() + ", reader alive "
          + readerThread.isAlive());
    }
    pipe.close();
    assertNull(writer.failure.get(), () -> "writer: " + writer.failure.get());
    assertNull(reader.failure.get(), () -> "reader: " + reader.failure.get());

    byte[] got = reader.received.toByteArray();
    for (int i = 0; i < got.length; i++) {
      if (got[i] != streamByte(i)) {
        fail(ending + ": byte " + i + " of " + got.length + " received is wrong (sent " + writer.sent
            + "): lost, repeated or scribbled bytes");
      }
    }
    if (ending == Ending.EOF || ending == Ending.EOF_WITH_CAUSE) {
      assertEquals(writer.sent, got.length, ending + ": delivered + reported != sent");
    } else {
      assertTrue(
          got.length <= Math.max(writer.sent, writer.mayHaveSent),
          ending + ": received " + got.length + ", more than was sent, " + writer.sent);
    }
    if (ending == Ending.EOF_WITH_CAUSE) {
      assertTrue(reader.sawCause, "the writer's failure never reached the reader");
    }
    return got.length;
  }

  /** Fills the pipe from a faulty channel and ends as {@code ending} says. */
  private static final class Writer implements Runnable {
    final Pipe pipe;
    final Ending ending;
    final SplittableRandom random;
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    volatile Thread reader;

    /** Bytes the pipe accepted. Read by the test after join. */
    long sent;

    /** {@link #sent} plus the bytes of a write that a close cut short, which may be delivered. */
    long mayHaveSent;

    /** The next stream byte the source hands out (ahead of {@link #sent} only on a refused read). */
    long next;

    Writer(Pipe pipe, Ending ending, SplittableRandom random) {
      this.pipe = pipe;
      this.ending = ending;
      this.random = random;
    }

    @Override
    public void run() {
      int steps = random.nextInt(20, 400);
      ReadableByteChannel source = new FaultySource();
      try {
        for (int step = 0; ending == Ending.READER_CLOSES || step < steps; step++) {
          if (random.nextInt(40) == 0) {
            reader.interrupt();
          }
          if (random.nextInt(5) == 0) {
            int k = random.nextInt(1, 100);
            byte[] b = new byte[k];
            for (int i = 0; i < k; i++) {
              b[i] = streamByte(next + i);
            }
            // A concurrent pipe writes in pieces of a chunk; if the reader closes the pipe in
            // between, a prefix of b may have been delivered before write throws.
            mayHaveSent = sent + k;
            pipe.write(b);
            next += k;
            sent += k;
          } else {
            try {
              int n = pipe.readFrom(source);
              sent += n;
              if (next != sent) {
                throw new AssertionError("source and pipe disagree: " + next + " vs " + sent);
              }
            } catch (IOException injected) {
              // Nothing was committed; the source did not advance.
            }
          }
        }
        switch (ending) {
          case EOF -> pipe.eof();
          case EOF_WITH_CAUSE -> pipe.eof(new IOException("writer failed on purpose"));
          case WRITER_CLOSES -> pipe.close();
          default -> {}
        }
      } catch (IllegalStateException closed) {
        if (ending != Ending.READER_CLOSES && ending != Ending.WRITER_CLOSES) {
          failure.set(closed);
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    }

    /** Hands out stream bytes; one read in eight scribbles into the buffer and throws instead. */
    private final class FaultySource implements ReadableByteChannel {
      @Override
      public int read(ByteBuffer dst) throws IOException {
        if (random.nextInt(8) == 0) {
          while (dst.hasRemaining()) {
            dst.put((byte) 0x5A);
          }
          throw new IOException("injected read failure");
        }
        int k = Math.min(dst.remaining(), random.nextInt(1, 80));
        for (int i = 0; i < k; i++) {
          dst.put(streamByte(next + i));
        }
        next += k;
        return k;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    }
  }

  /** Reads every way there is, keeping what it got in order. */
  private static final class Reader implements Runnable {
    final Pipe pipe;
    final Ending ending;
    final SplittableRandom random;
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    boolean sawCause;

    Reader(Pipe pipe, Ending ending, SplittableRandom random) {
      this.pipe = pipe;
      this.ending = ending;
      this.random = random;
    }

    @Override
    public void run() {
      try {
        while (!done()) {
          step();
        }
        if (ending == Ending.EOF_WITH_CAUSE && !sawCause) {
          // Drained to EOF without asking for more: the failure shows on the next read.
          try {
            pipe.read();
            throw new AssertionError("read past eof(cause) did not throw");
          } catch (IOException e) {
            sawCause = e.getCause() != null;
          }
        }
      } catch (Throwable e) {
        failure.set(e);
      } finally {
        Thread.interrupted(); // a late interrupt from the writer must not leak into the next round
      }
    }

    /** Returns true when the pipe has nothing more to give. */
    private boolean done() throws IOException {
      if (ending == Ending.READER_CLOSES && random.nextInt(300) == 0) {
        pipe.close();
        return true;
      }
      try {
        return pipe.reachedEof();
      } catch (IllegalStateException closed) {
        return true; // closed by the writer
      }
    }

    private void step() throws IOException {
      try {
        switch (random.nextInt(7)) {
          case 0 -> keep(pipe.awaitReadExact(random.nextInt(1, 200), 5, TimeUnit.MILLISECONDS));
          case 1 -> keep(pipe.read(random.nextInt(1, 300)));
          case 2 -> {
            try (ByteSequence s = pipe.readZeroCopy(random.nextInt(1, 300))) {
              if (s != null) {
                keep(s.toByteArray());
              }
            }
          }
          case 3 -> {
            keep(pipe.awaitReadUntil(new byte[] {SEPARATOR}, false, Long.MAX_VALUE, 5, TimeUnit.MILLISECONDS));
          }
          case 4 -> {
            try (ByteSequence s = pipe.awaitReadExactZeroCopy(random.nextInt(1, 100), 5, TimeUnit.MILLISECONDS)) {
              if (s != null) {
                keep(s.toByteArray());
              }
            }
          }
          case 5 -> {
            try {
              pipe.writeTo(new FaultySink());
            } catch (IOException injected) {
              // What the sink took before it threw is kept and consumed; the rest stays.
            }
          }
          default -> {
            keep(pipe.readUntil(new byte[] {SEPARATOR, streamByte(0)}, false));
          }
        }
      } catch (InterruptedException e) {
        // An interrupted wait read nothing; the model would see a gap if it had.
      } catch (PartialReadException e) {
        keep(e.leftover());
        sawCause |= e.getCause() != null;
      } catch (IllegalStateException closed) {
        assertFalse(ending == Ending.EOF || ending == Ending.EOF_WITH_CAUSE, "closed unexpectedly");
      } catch (IOException e) {
        if (e.getCause() == null || !"writer failed on purpose".equals(e.getCause().getMessage())) {
          throw e;
        }
        sawCause = true;
      }
    }

    private void keep(byte[] bytes) {
      if (bytes != null) {
        received.write(bytes, 0, bytes.length);
      }
    }

    /** Takes a few bytes per call, or throws having taken none. */
    private final class FaultySink implements WritableByteChannel {
      @Override
      public int write(ByteBuffer src) throws IOException {
        if (random.nextInt(4) == 0) {
          throw new IOException("injected write failure");
        }
        int k = Math.min(src.remaining(), random.nextInt(0, 70));
        byte[] b = new byte[k];
        src.get(b);
        keep(b);
        return k;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    }
  }
}
