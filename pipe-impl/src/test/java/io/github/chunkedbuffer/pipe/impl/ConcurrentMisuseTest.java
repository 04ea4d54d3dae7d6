package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.BufferLimitExceededException;
import io.github.chunkedbuffer.pipe.LimitExceededException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a careless caller does to a concurrent pipe ends in an exception that names the mistake,
 * never in a hang, a pipe past its bounds or lost bytes. Each test hung, grew the pipe or lost
 * bytes before its fix.
 */
class ConcurrentMisuseTest extends PipeTestSupport {

  // ------------------------------------------------------------------ interrupts

  @Test
  void anInterruptedWriterIsNotLetPastThePauseThreshold() throws Exception {
    Pipe pipe = concurrent(64, 256, 64);
    Worker<Void> writer =
        Worker.start(
            () -> {
              Thread.currentThread().interrupt(); // a cancelled task that goes on copying
              try (OutputStream out = pipe.asOutputStream()) {
                for (int i = 0; i < 10_000; i++) {
                  out.write(new byte[64]);
                }
              }
              return null;
            });
    Throwable failure = writer.failure();
    assertInstanceOf(InterruptedIOException.class, failure);
    assertTrue(pipe.length() <= 256 + 64, "unread bytes reached " + pipe.length());
    assertTrue(
        failure.getMessage().contains("interrupt"), "the message says why: " + failure.getMessage());
  }

  @Test
  void anInterruptKeepsItsStatusAndCommitsNothingInWriteGetBufferAndReadFrom() throws Exception {
    Pipe pipe = concurrent(16, 32, 0);
    pipe.write(new byte[40]);
    Worker<Throwable[]> writer =
        Worker.start(
            () -> {
              Throwable[] got = new Throwable[3];
              Thread.currentThread().interrupt();
              got[0] = assertThrows(CancellationException.class, () -> pipe.write(new byte[5]));
              assertTrue(Thread.interrupted(), "the interrupt status is kept");
              Thread.currentThread().interrupt();
              got[1] = assertThrows(CancellationException.class, () -> pipe.getBuffer(5));
              assertTrue(Thread.interrupted());
              Thread.currentThread().interrupt();
              got[2] =
                  assertThrows(
                      InterruptedIOException.class, () -> pipe.readFrom(new OneByteChannel()));
              assertTrue(Thread.interrupted());
              return got;
            });
    writer.get();
    assertEquals(40, pipe.length(), "nothing was written past the threshold");
  }

  @Test
  void anInterruptedWriterWithRoomWritesNormally() throws Exception {
    Pipe pipe = concurrent(16, 1000, 0);
    Worker<Boolean> writer =
        Worker.start(
            () -> {
              Thread.currentThread().interrupt();
              pipe.write(bytes("hello"));
              return Thread.interrupted();
            });
    assertTrue(writer.get(), "the interrupt status was left alone");
    assertEquals("hello", unread(pipe));
  }

  @Test
  void anInterruptedWriteSaysHowMuchOfItWasCommitted() throws Exception {
    Pipe pipe = concurrent(16, 32, 0);
    ByteBuffer src = ByteBuffer.wrap(pattern(100, 251));
    Worker<Void> writer =
        Worker.start(
            () -> {
              pipe.write(src); // pieces of 16 until more than 32 are unread
              return null;
            });
    writer.awaitParked();
    long committed = pipe.length();
    assertTrue(committed > 0 && committed < 100, "committed " + committed);
    writer.thread().interrupt();
    Throwable failure = writer.failure();
    assertInstanceOf(CancellationException.class, failure);
    assertEquals(committed, src.position(), "the source is past what was committed, no further");
    String message = failure.getMessage();
    assertTrue(message.contains(committed + " of 100 bytes"), message);
    assertFalse(message.contains("nothing was written"), message);
  }

  @Test
  void aZeroLengthWriteNeverWaits() throws Exception {
    Pipe pipe = concurrent(16, 32, 0);
    pipe.write(new byte[40]); // the writer is held from now on
    Worker<Void> writer =
        Worker.start(
            () -> {
              pipe.write(new byte[0]);
              pipe.write(ByteBuffer.allocate(0));
              return null;
            });
    writer.get();
    assertEquals(40, pipe.length());
  }

  // ------------------------------------------------------------------ second writer or reader

  @Test
  void aSecondWriterWhileTheFirstIsHeldGetsAnExceptionNamingIt() throws Exception {
    Pipe pipe = concurrent(1024, 4096, 1024);
    byte[] big = new byte[1 << 20];
    Worker<Void> first =
        Worker.start(
            () -> {
              pipe.write(big);
              return null;
            });
    first.awaitParked();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> pipe.write(new byte[1 << 20]));
    assertTrue(e.getMessage().contains(first.thread().getName()), e.getMessage());
    assertTrue(e.getMessage().contains("one writer thread"), e.getMessage());
    byte[] all = new byte[big.length];
    int at = 0;
    while (at < all.length) {
      byte[] part = pipe.awaitReadExact(Math.min(4096, all.length - at));
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    first.get();
    assertArrayEquals(big, all, "the first writer's bytes arrived whole");
  }

  @Test
  void aSecondReadFromWhileTheFirstFillsItsBufferGetsAnException() throws Exception {
    Pipe pipe = concurrent(64, 1 << 20, 0);
    BlockingOnce channel = new BlockingOnce();
    Worker<Integer> first = Worker.start(() -> pipe.readFrom(channel));
    channel.entered.await();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> pipe.readFrom(new OneByteChannel()));
    assertTrue(e.getMessage().contains(first.thread().getName()), e.getMessage());
    assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(1));
    assertThrows(IllegalStateException.class, () -> pipe.getBuffer(1));
    channel.release.countDown();
    assertEquals(3, first.get());
    assertEquals("abc", unread(pipe), "nothing of the refused calls got in");
  }

  @Test
  void aBufferLentOnOneThreadMayBeCommittedFromAnother() throws Exception {
    Pipe pipe = concurrent(64, 1 << 20, 0);
    ByteBuffer lent = Worker.start(() -> pipe.getBuffer(3)).get();
    lent.put(bytes("abc"));
    pipe.bufferWritten(3); // a completion handler on another thread commits
    write(pipe, "d"); // and the pipe is this thread's now
    assertEquals("abcd", unread(pipe));
  }

  @Test
  void aNewLoanWhileAnotherThreadHoldsOneIsRefusedNamingIt() throws Exception {
    Pipe pipe = concurrent(64, 1 << 20, 0);
    CountDownLatch lent = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Worker<Void> holder =
        Worker.start(
            () -> {
              pipe.getBuffer(4).put(bytes("wxyz"));
              lent.countDown();
              done.await();
              pipe.bufferWritten(4);
              return null;
            });
    lent.await();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> pipe.getBuffer(4));
    assertTrue(e.getMessage().contains(holder.thread().getName()), e.getMessage());
    assertThrows(IllegalStateException.class, () -> write(pipe, "no"));
    done.countDown();
    holder.get();
    assertEquals("wxyz", unread(pipe));
  }

  @Test
  void aSecondReaderWhileTheFirstWaitsGetsAnExceptionNamingIt() throws Exception {
    Pipe pipe = concurrent(64, 1 << 20, 0);
    Worker<byte[]> first = Worker.start(() -> pipe.awaitReadExact(4));
    first.awaitParked();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> pipe.awaitReadExact(4));
    assertTrue(e.getMessage().contains(first.thread().getName()), e.getMessage());
    assertThrows(IllegalStateException.class, () -> pipe.read());
    assertEquals(0, pipe.length(), "queries still work from any thread");
    write(pipe, "abcd");
    assertEquals("abcd", str(first.get()));
  }

  // ------------------------------------------------------------------ impossible reads

  @Test
  void anAwaitForMoreThanTheLimitFailsAtOnce() {
    Pipe pipe =
        track(Pipe.builder().pool(pool).maxBufferedBytes(1024).concurrent(4096, 1024).build());
    LimitExceededException e =
        assertThrows(LimitExceededException.class, () -> pipe.awaitReadExact(4096));
    assertTrue(e.getMessage().contains("1024"), e.getMessage());
    assertThrows(LimitExceededException.class, () -> pipe.awaitPeekExact(4096, 1, TimeUnit.DAYS));
    assertThrows(LimitExceededException.class, () -> pipe.awaitSkipExact(4096));
    assertThrows(LimitExceededException.class, () -> pipe.awaitReadExactZeroCopy(4096));
  }

  @Test
  void anAwaitThatTheFullPipeCannotSatisfyFailsInsteadOfWaiting() throws Exception {
    Pipe pipe =
        track(Pipe.builder().pool(pool).maxBufferedBytes(100).concurrent(4096, 1024).build());
    Worker<byte[]> reader =
        Worker.start(() -> pipe.awaitReadUntil(new byte[] {'\n'}, true, 1000));
    reader.awaitParked();
    pipe.write(new byte[100]); // the limit: no separator can arrive any more
    assertInstanceOf(LimitExceededException.class, reader.failure());
    assertEquals(100, pipe.length(), "the bytes stay for the reader to look at");
  }

  @Test
  void aWriterRefusedByTheLimitWakesAReaderThatWaitsInVain() throws Exception {
    Pipe pipe =
        track(Pipe.builder().pool(pool).maxBufferedBytes(100).concurrent(4096, 1024).build());
    pipe.write(new byte[60]);
    Worker<byte[]> reader = Worker.start(() -> pipe.awaitReadExact(90));
    reader.awaitParked();
    assertThrows(BufferLimitExceededException.class, () -> pipe.write(new byte[50]));
    assertInstanceOf(LimitExceededException.class, reader.failure());
  }

  @Test
  void aGenericAwaitAtTheLimitStillHearsTheWritersEof() throws Exception {
    Pipe pipe =
        track(Pipe.builder().pool(pool).maxBufferedBytes(100).concurrent(4096, 1024).build());
    Worker<Boolean> reader = Worker.start(() -> pipe.await(p -> p.isClosed() ? Boolean.TRUE : null));
    reader.awaitParked();
    pipe.write(new byte[100]);
    assertThrows(
        io.github.chunkedbuffer.pipe.BufferLimitExceededException.class,
        () -> pipe.write(new byte[1]));
    reader.assertStillRunning();
    pipe.eof(new IOException("too long"));
    assertTrue(reader.get(), "a read that waits for EOF is not refused for a full pipe");
  }

  @Test
  void aHintAboveTheLimitIsRefusedAtOnceEvenWhileTheWriterIsHeldBack() throws Exception {
    Pipe pipe =
        track(Pipe.builder().pool(pool).maxBufferedBytes(1000).concurrent(100, 0).build());
    pipe.write(new byte[200]); // more than pauseAtBytes: the writer is held back from now on
    Worker<ByteBuffer> writer = Worker.start(() -> pipe.getBuffer(Integer.MAX_VALUE));
    BufferLimitExceededException e =
        assertInstanceOf(BufferLimitExceededException.class, writer.failure());
    assertTrue(e.getMessage().contains("maxBufferedBytes is 1000"), e.getMessage());
    BufferLimitExceededException t =
        assertThrows(BufferLimitExceededException.class, () -> pipe.tryGetBuffer(1001));
    assertTrue(t.getMessage().contains("(1001)"), t.getMessage());
    assertEquals(200, pipe.length());
  }

  @Test
  void aRefusalTheReaderHasSinceReadPastDoesNotFailItsNextAwait() throws Exception {
    Pipe pipe =
        track(Pipe.builder().pool(pool).maxBufferedBytes(100).concurrent(4096, 1024).build());
    pipe.write(new byte[60]);
    assertThrows(BufferLimitExceededException.class, () -> pipe.write(new byte[50]));
    assertEquals(60, pipe.read().length); // room for 100 again: the writer may retry
    Worker<byte[]> reader = Worker.start(() -> pipe.awaitReadExact(50));
    reader.awaitParked();
    pipe.write(pattern(50, 251)); // the retry fits now
    assertArrayEquals(pattern(50, 251), reader.get());
  }

  // ------------------------------------------------------------------ smaller ones

  @Test
  void writeToKeepsTheChannelsExceptionWhenThePipeIsClosedMeanwhile() throws Exception {
    Pipe pipe = concurrent(64, 1 << 20, 0);
    write(pipe, "abcdef");
    IOException failure = new IOException("connection reset");
    WritableByteChannel closingThenFailing =
        new WritableByteChannel() {
          @Override
          public int write(ByteBuffer src) throws IOException {
            src.get();
            pipe.close(); // the other side closes while the channel fails
            throw failure;
          }

          @Override
          public boolean isOpen() {
            return true;
          }

          @Override
          public void close() {}
        };
    IOException thrown = assertThrows(IOException.class, () -> pipe.writeTo(closingThenFailing));
    assertSame(failure, thrown);
  }

  @Test
  void availableOnAClosedPipesStreamThrowsIoException() throws IOException {
    Pipe pipe = concurrent(64, 1 << 20, 0);
    write(pipe, "ab");
    InputStream in = pipe.asInputStream();
    assertEquals(2, in.available());
    in.close();
    assertThrows(IOException.class, in::available);
  }

  @Test
  void aLoanLeftWhenTheReaderClosedGoesBackWhenTheWriterClosesItsStream() throws Exception {
    Pipe pipe = concurrent(64, 1 << 20, 0);
    OutputStream out = pipe.asOutputStream();
    ByteBuffer lent = pipe.getBuffer(8);
    Worker.start(
            () -> {
              pipe.close();
              return null;
            })
        .get();
    assertEquals(1, pool.outstanding(), "the writer still holds its buffer");
    lent.put((byte) 1);
    out.close(); // the writer stops: no further write-side call
    assertEquals(0, pool.outstanding(), "the lent chunk came back");
  }

  /** A channel that reads one byte per call. */
  private static final class OneByteChannel implements ReadableByteChannel {
    @Override
    public int read(ByteBuffer dst) {
      dst.put((byte) 'x');
      return 1;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** A channel whose first read blocks until released, then reads "abc". */
  private static final class BlockingOnce implements ReadableByteChannel {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public int read(ByteBuffer dst) throws IOException {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new InterruptedIOException();
      }
      dst.put(bytes("abc"));
      return 3;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
