package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A concurrent pipe's writer: held back above {@code pauseAtBytes}, let go at {@code
 * resumeAtBytes}, so that the unread bytes stay at most {@code pauseAtBytes} plus one lent buffer.
 */
class ConcurrentBackpressureTest extends PipeTestSupport {

  /** Fills the pipe to 101 unread bytes: 100 is the pause threshold, so the writer is held. */
  private static void fillAbovePause(Pipe pipe) {
    pipe.write(pattern(101, 101));
    assertEquals(101, pipe.length());
  }

  @Test
  void tryGetBufferReturnsNullAboveThePauseThresholdAndLendsAtOrBelowIt() throws Exception {
    Pipe pipe = concurrent(16, 100, 40);
    pipe.write(pattern(100, 100));
    ByteBuffer atThreshold = pipe.tryGetBuffer(-1);
    assertNotNull(atThreshold, "at exactly pauseAtBytes the writer may go on");
    atThreshold.put((byte) 100);
    pipe.bufferWritten(1);
    assertNull(pipe.tryGetBuffer(-1));
    assertNull(pipe.tryGetBuffer(1000));
    assertEquals(101, pipe.length(), "a refused tryGetBuffer changes nothing");
    assertEquals(61, pipe.skip(61));
    assertNotNull(pipe.tryGetBuffer(1), "at resumeAtBytes the writer may go on");
  }

  @Test
  void writerBlocksInGetBufferUntilTheReaderDrainsToTheResumeThreshold() throws Exception {
    Pipe pipe = concurrent(16, 100, 40);
    fillAbovePause(pipe);
    assertNull(pipe.tryGetBuffer(-1));
    Worker<ByteBuffer> writer = Worker.start(() -> pipe.getBuffer(-1));
    writer.awaitParked();

    assertContent(str(pattern(50, 101)), pipe.readExact(50)); // 51 left: below pause, above resume
    writer.awaitParked();
    writer.assertStillRunning();
    assertEquals(10, pipe.skip(10)); // 41 left
    writer.awaitParked();
    writer.assertStillRunning();

    assertEquals(1, pipe.skip(1)); // 40 left: resume
    ByteBuffer lent = writer.get();
    assertTrue(lent.remaining() >= 1 && lent.remaining() <= 16, "remaining " + lent.remaining());
    lent.put((byte) 'z');
    pipe.bufferWritten(1);
    assertEquals(41, pipe.length());
    assertEquals('z', pipe.byteAt(40));
  }

  @Test
  void writerBlocksInWriteBetweenChunkSizedPiecesAndResumesWhereItStopped() throws Exception {
    Pipe pipe = concurrent(16, 100, 40);
    byte[] data = pattern(400, 251);
    Worker<Void> writer =
        Worker.start(
            () -> {
              pipe.write(data);
              return null;
            });
    writer.awaitParked();
    long held = pipe.length();
    assertTrue(held > 100 && held <= 116, "unread while held: " + held);
    byte[] got = new byte[data.length];
    int at = 0;
    while (at < data.length) {
      byte[] part = pipe.awaitReadExact(Math.min(7, data.length - at));
      System.arraycopy(part, 0, got, at, part.length);
      at += part.length;
      assertTrue(pipe.length() <= 116, "unread " + pipe.length());
    }
    writer.get();
    assertEquals(str(data), str(got));
  }

  @Test
  void writerBlocksInReadFromBeforeItReadsTheChannel() throws Exception {
    Pipe pipe = concurrent(16, 100, 40);
    fillAbovePause(pipe);
    int[] reads = {0};
    ReadableByteChannel channel =
        new ReadableByteChannel() {
          @Override
          public int read(ByteBuffer dst) {
            reads[0]++;
            dst.put((byte) 'c');
            return 1;
          }

          @Override
          public boolean isOpen() {
            return true;
          }

          @Override
          public void close() {}
        };
    Worker<Integer> writer = Worker.start(() -> pipe.readFrom(channel));
    writer.awaitParked();
    assertEquals(0, reads[0], "a held writer does not read its channel");
    assertEquals(61, pipe.skip(61));
    assertEquals(1, writer.get());
    assertEquals(1, reads[0]);
    assertEquals(41, pipe.length());
    assertEquals('c', pipe.byteAt(40));
  }

  @Test
  void aReaderWaitingForMoreThanIsLeftAboveResumeLetsTheHeldWriterGoOn() throws Exception {
    Pipe pipe = concurrent(16, 100, 40);
    byte[] data = pattern(300, 251);
    Worker<Void> writer =
        Worker.start(
            () -> {
              pipe.write(data);
              return null;
            });
    writer.awaitParked(); // held at 112 unread
    assertEquals(str(Arrays.copyOf(data, 60)), str(pipe.readExact(60))); // 52 left: > resume
    writer.awaitParked();
    writer.assertStillRunning();
    // 52 are buffered and the writer waits for 40; a read of 100 can only be met by the writer.
    byte[] next = pipe.awaitReadExact(100, 20, TimeUnit.SECONDS);
    assertNotNull(next, "reader and writer waited for each other");
    assertEquals(str(Arrays.copyOfRange(data, 60, 160)), str(next));
    assertEquals(
        str(Arrays.copyOfRange(data, 160, 300)),
        str(pipe.awaitReadExact(140, 20, TimeUnit.SECONDS)));
    writer.get();
  }

  @Test
  void aReaderWaitingForMoreThanThePauseThresholdGetsIt() throws Exception {
    Pipe pipe = concurrent(16, 100, 0);
    byte[] data = pattern(1000, 241);
    Worker<Void> writer =
        Worker.start(
            () -> {
              pipe.write(data);
              pipe.eof();
              return null;
            });
    byte[] all = pipe.awaitReadExact(1000, 20, TimeUnit.SECONDS);
    assertNotNull(all, "a read larger than pauseAtBytes never completed");
    assertEquals(str(data), str(all));
    writer.get();
  }

  @Test
  void aWaitingReaderLetsTryGetBufferLendAboveThePauseThreshold() throws Exception {
    Pipe pipe = concurrent(16, 100, 40);
    fillAbovePause(pipe);
    assertNull(pipe.tryGetBuffer(-1));
    Worker<byte[]> reader = Worker.start(() -> pipe.awaitReadExact(150));
    reader.awaitParked();
    ByteBuffer lent = pipe.tryGetBuffer(-1);
    assertNotNull(lent, "the reader waits for bytes only the writer can bring");
    int n = lent.remaining();
    lent.put(new byte[n]);
    pipe.bufferWritten(n);
    while (!isDone(reader)) {
      ByteBuffer more = pipe.tryGetBuffer(-1);
      if (more == null) {
        Thread.sleep(1); // the reader has not yet asked again
        continue;
      }
      int k = more.remaining();
      more.put(new byte[k]);
      pipe.bufferWritten(k);
    }
    assertEquals(150, reader.get().length);
  }

  private static boolean isDone(Worker<?> worker) {
    return !worker.thread().isAlive();
  }

  @Test
  void unreadBytesStayAtMostPausePlusOneChunkWhileTheReaderLags() throws Exception {
    int chunk = 8 * 1024;
    long pause = 64 * 1024;
    Pipe pipe = concurrent(chunk, pause, 16 * 1024);
    long total = 16L << 20;
    Worker<Void> writer = Worker.start(() -> writeMixed(pipe, total, chunk, 0));
    long max = readAndSample(pipe, total);
    writer.get();
    assertTrue(max <= pause + chunk, "sampled unread bytes reached " + max);
    assertTrue(max > pause, "the reader lagged enough to see the writer held: " + max);
  }

  @Test
  void aLargeSizeHintIsTheBoundInsteadOfTheChunkSize() throws Exception {
    int chunk = 4 * 1024;
    int hint = 20_000;
    long pause = 32 * 1024;
    Pipe pipe = concurrent(chunk, pause, 0);
    long total = 8L << 20;
    Worker<Void> writer = Worker.start(() -> writeMixed(pipe, total, chunk, hint));
    long max = readAndSample(pipe, total);
    writer.get();
    assertTrue(max <= pause + hint, "sampled unread bytes reached " + max);
  }

  /**
   * Writes {@code total} bytes of the sequence {@code i % 251} with writes, lent buffers and
   * channel reads in turn, then EOF. With {@code hint > 0} every lent buffer asks for that much.
   */
  private static Void writeMixed(Pipe pipe, long total, int chunk, int hint) throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    long written = 0;
    while (written < total) {
      int n = (int) Math.min(total - written, 1 + random.nextInt(3 * chunk));
      switch (hint > 0 ? 1 : random.nextInt(3)) {
        case 0 -> {
          byte[] src = new byte[n];
          for (int i = 0; i < n; i++) {
            src[i] = (byte) ((written + i) % 251);
          }
          pipe.write(src);
        }
        case 1 -> {
          ByteBuffer buffer = pipe.getBuffer(hint > 0 ? hint : -1);
          assertTrue(buffer.remaining() <= Math.max(hint, chunk), "lent " + buffer.remaining());
          n = (int) Math.min(n, Math.min(buffer.remaining(), total - written));
          for (int i = 0; i < n; i++) {
            buffer.put((byte) ((written + i) % 251));
          }
          pipe.bufferWritten(n);
        }
        default -> {
          long from = written;
          int limit = n;
          int got =
              pipe.readFrom(
                  new ReadableByteChannel() {
                    @Override
                    public int read(ByteBuffer dst) {
                      int k = Math.min(limit, dst.remaining());
                      for (int i = 0; i < k; i++) {
                        dst.put((byte) ((from + i) % 251));
                      }
                      return k;
                    }

                    @Override
                    public boolean isOpen() {
                      return true;
                    }

                    @Override
                    public void close() {}
                  });
          n = got;
        }
      }
      written += n;
    }
    pipe.eof();
    return null;
  }

  /**
   * Reads {@code total} bytes slowly (small reads, the odd pause), checks each against {@code i %
   * 251} and returns the largest {@code length()} seen.
   */
  private static long readAndSample(Pipe pipe, long total) throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    long read = 0;
    long max = 0;
    while (read < total) {
      max = Math.max(max, pipe.length());
      int n = (int) Math.min(total - read, 1 + random.nextInt(4096));
      if (random.nextInt(64) == 0) {
        Thread.sleep(1); // let the writer run ahead and be held
      }
      try (ByteSequence s = pipe.awaitReadExactZeroCopy(n)) {
        for (int i = 0; i < n; i++) {
          if (s.byteAt(i) != (byte) ((read + i) % 251)) {
            throw new AssertionError("byte " + (read + i) + " differs");
          }
        }
      }
      read += n;
    }
    max = Math.max(max, pipe.length());
    assertTrue(pipe.awaitReadExact(0).length == 0);
    return max;
  }
}
