package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.BufferLimitExceededException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reader closes a concurrent pipe while the writer is blocked: the writer ends with {@link
 * IllegalStateException}, and the chunk lent to it stays out of the pool until its call is over, so
 * that nothing the writer still writes can land in memory lent to someone else.
 */
class ConcurrentCloseTest extends PipeTestSupport {

  private static final int CHUNK = 64;

  private Pipe concurrent() {
    return track(
        Pipe.builder()
            .pool(pool)
            .minChunkSize(CHUNK)
            .maxChunkSize(CHUNK)
            .concurrent(4 * CHUNK, CHUNK)
            .build());
  }

  /** Another pipe on the same pool, filled so that it takes every buffer the pool has free. */
  private Pipe bystander(byte[] content) {
    Pipe other = pipe(CHUNK);
    other.write(content);
    return other;
  }

  @Test
  void closeWakesAWriterBlockedInGetBufferWithIllegalStateException() throws Exception {
    Pipe pipe = concurrent();
    pipe.write(new byte[4 * CHUNK + 1]);
    Worker<ByteBuffer> writer = Worker.start(() -> pipe.getBuffer(10));
    writer.awaitParked();
    pipe.close();
    assertInstanceOf(IllegalStateException.class, writer.failure());
    assertEquals(0, pool.outstanding());
  }

  @Test
  void closeWakesAWriterBlockedInWriteWithIllegalStateException() throws Exception {
    Pipe pipe = concurrent();
    Worker<Void> writer =
        Worker.start(
            () -> {
              pipe.write(new byte[100 * CHUNK]);
              return null;
            });
    writer.awaitParked();
    pipe.close();
    assertInstanceOf(IllegalStateException.class, writer.failure());
    assertEquals(0, pool.outstanding());
  }

  @Test
  void closeWakesAWriterHeldInReadFromAndTheChannelIsNeverRead() throws Exception {
    Pipe pipe = concurrent();
    pipe.write(new byte[4 * CHUNK + 1]);
    BlockingChannel channel = new BlockingChannel(5);
    channel.proceed.countDown();
    Worker<Integer> writer = Worker.start(() -> pipe.readFrom(channel));
    writer.awaitParked();
    pipe.close();
    assertInstanceOf(IllegalStateException.class, writer.failure());
    assertEquals(1, channel.entered.getCount(), "the channel was read");
    assertEquals(0, pool.outstanding());
  }

  @Test
  void closeDuringABlockingChannelReadKeepsTheLentChunkUntilTheReadReturns() throws Exception {
    Pipe pipe = concurrent();
    pipe.write(pattern(3 * CHUNK, 7));
    BlockingChannel channel = new BlockingChannel(CHUNK);
    Worker<Integer> writer = Worker.start(() -> pipe.readFrom(channel));
    assertTrue(channel.entered.await(20, TimeUnit.SECONDS));

    pipe.close();
    assertEquals(1, pool.outstanding(), "only the chunk lent to the blocked read is out");
    byte[] content = pattern(20 * CHUNK, 13);
    Pipe other = bystander(content);

    channel.proceed.countDown(); // the read now fills the lent buffer
    assertInstanceOf(IllegalStateException.class, writer.failure());
    assertEquals(str(content), unread(other), "the late read wrote into another pipe's memory");
    other.close();
    assertEquals(0, pool.outstanding());
  }

  @Test
  void closeDuringABlockingChannelReadThatEndsTheStreamEndsTheWriterToo() throws Exception {
    Pipe pipe = concurrent();
    BlockingChannel channel = new BlockingChannel(-1);
    Worker<Integer> writer = Worker.start(() -> pipe.readFrom(channel));
    assertTrue(channel.entered.await(20, TimeUnit.SECONDS));
    pipe.close();
    assertEquals(1, pool.outstanding());
    channel.proceed.countDown();
    assertInstanceOf(IllegalStateException.class, writer.failure());
    assertEquals(0, pool.outstanding());
  }

  @Test
  void closeDuringAChannelReadThatFailsGivesTheChannelsExceptionAndReturnsTheChunk()
      throws Exception {
    Pipe pipe = concurrent();
    BlockingChannel channel = new BlockingChannel(-2);
    Worker<Integer> writer = Worker.start(() -> pipe.readFrom(channel));
    assertTrue(channel.entered.await(20, TimeUnit.SECONDS));
    pipe.close();
    channel.proceed.countDown();
    assertSame(BlockingChannel.FAILURE, writer.failure());
    assertEquals(0, pool.outstanding());
  }

  @Test
  void closeWhileTheWriterFillsALentBufferKeepsItUntilBufferWritten() throws Exception {
    Pipe pipe = concurrent();
    CountDownLatch lent = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Worker<Void> writer =
        Worker.start(
            () -> {
              ByteBuffer buffer = pipe.getBuffer(CHUNK);
              lent.countDown();
              assertTrue(closed.await(20, TimeUnit.SECONDS));
              while (buffer.hasRemaining()) {
                buffer.put((byte) 0x55);
              }
              pipe.bufferWritten(CHUNK);
              return null;
            });
    assertTrue(lent.await(20, TimeUnit.SECONDS));
    pipe.close();
    assertEquals(1, pool.outstanding());
    byte[] content = pattern(10 * CHUNK, 11);
    Pipe other = bystander(content);
    closed.countDown();
    assertInstanceOf(IllegalStateException.class, writer.failure());
    assertEquals(str(content), unread(other));
    other.close();
    assertEquals(0, pool.outstanding());
  }

  @Test
  void aLentBufferLeftByTheWriterGoesBackWithItsNextCallAfterTheClose() throws Exception {
    Pipe pipe = concurrent();
    CountDownLatch lent = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Worker<Throwable> writer =
        Worker.start(
            () -> {
              ByteBuffer unused = pipe.getBuffer(-1);
              assertTrue(unused.hasRemaining());
              lent.countDown();
              closed.await(); // alive, between calls, as a writer filling its buffer is
              return assertThrows(IllegalStateException.class, pipe::eof);
            });
    lent.await();
    Worker<Void> reader =
        Worker.start(
            () -> {
              pipe.close();
              return null;
            });
    reader.get();
    assertEquals(1, pool.outstanding(), "a close from another thread keeps the lend");
    closed.countDown();
    writer.get();
    assertEquals(0, pool.outstanding());
  }

  @Test
  void aLentBufferOfAWriterThreadThatDiedGoesBackWithACloseFromAnotherThread() throws Exception {
    Pipe pipe = concurrent();
    Worker<ByteBuffer> writer = Worker.start(() -> pipe.getBuffer(-1));
    writer.get();
    writer.join(); // the thread ended holding the loan: nobody can fill the buffer any more
    Worker<Void> reader =
        Worker.start(
            () -> {
              pipe.close();
              return null;
            });
    reader.get();
    assertEquals(0, pool.outstanding());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"negative hint", "over the limit"})
  void getBufferThatFailsValidationKeepsTheLendSoACloseFromAnotherThreadKeepsTheChunk(String bad)
      throws Exception {
    Pipe pipe =
        track(
            Pipe.builder()
                .pool(pool)
                .minChunkSize(CHUNK)
                .maxChunkSize(CHUNK)
                .maxBufferedBytes(CHUNK)
                .concurrent(4 * CHUNK, CHUNK)
                .build());
    ByteBuffer lent = pipe.getBuffer(10);
    if (bad.equals("negative hint")) {
      assertThrows(IllegalArgumentException.class, () -> pipe.getBuffer(-2));
    } else {
      assertThrows(BufferLimitExceededException.class, () -> pipe.getBuffer(CHUNK + 1));
    }
    assertEquals(1, pool.outstanding());

    Worker<Void> reader =
        Worker.start(
            () -> {
              pipe.close();
              return null;
            });
    reader.get();
    assertEquals(
        1, pool.outstanding(), "the chunk went back to the pool while the writer holds its buffer");
    byte[] content = pattern(10 * CHUNK, 11);
    Pipe other = bystander(content);
    while (lent.hasRemaining()) {
      lent.put((byte) 0x55); // the writer still fills the buffer it was lent
    }
    assertEquals(str(content), unread(other), "the writer wrote into another pipe's memory");
    other.close();

    assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(10));
    assertEquals(0, pool.outstanding(), "the writer's next call gives the lent chunk back");
  }

  @Test
  void getBufferThatFailsValidationLeavesTheLoanToCommit() throws Exception {
    Pipe pipe = track(Pipe.builder().pool(pool).maxBufferedBytes(CHUNK).concurrent(1, 0).build());
    pipe.getBuffer(3).put(bytes("abc"));
    assertThrows(IllegalArgumentException.class, () -> pipe.getBuffer(-2));
    assertThrows(BufferLimitExceededException.class, () -> pipe.getBuffer(CHUNK + 1));
    pipe.bufferWritten(3);
    assertEquals("abc", unread(pipe));
    assertEquals(1, pool.outstanding());
  }

  @Test
  void closeFromTheWritersOwnThreadReturnsTheLentChunkAtOnce() {
    Pipe pipe = concurrent();
    pipe.write(new byte[10]);
    pipe.getBuffer(-1).put((byte) 1);
    pipe.close();
    assertEquals(0, pool.outstanding());
  }

  /**
   * A channel whose read blocks until {@link #proceed} opens, then fills the buffer with {@code
   * 0x55} and returns {@code result} bytes; {@code -1} is end of stream, {@code -2} throws {@link
   * #FAILURE}.
   */
  private static final class BlockingChannel implements ReadableByteChannel {
    @SuppressWarnings("StaticAssignmentOfThrowable") // one instance, so tests can assertSame it
    static final IOException FAILURE = new IOException("the peer went away");

    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch proceed = new CountDownLatch(1);
    private final int result;

    BlockingChannel(int result) {
      this.result = result;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      entered.countDown();
      try {
        if (!proceed.await(20, TimeUnit.SECONDS)) {
          throw new IOException("the test never let the read go on");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      byte[] fill = new byte[dst.remaining()];
      Arrays.fill(fill, (byte) 0x55);
      dst.put(fill);
      if (result == -2) {
        throw FAILURE;
      }
      return result < 0 ? result : Math.min(result, fill.length);
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
