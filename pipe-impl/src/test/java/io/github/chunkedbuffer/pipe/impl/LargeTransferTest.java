package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One gigabyte between a writer thread and a reader thread of a concurrent pipe, every byte
 * compared with a deterministic generator, the unread bytes kept within the backpressure bound,
 * and the pool given back every buffer (checked after each test by {@link PipeTestSupport}).
 */
class LargeTransferTest extends PipeTestSupport {

  private static final long GIGABYTE = 1L << 30;
  private static final long PAUSE = 4L << 20;
  private static final int MAX_CHUNK = Pipe.Builder.DEFAULT_MAX_CHUNK_SIZE;

  /**
   * The byte stream: a block of random bytes whose length is a prime, repeated. Chunk and read
   * boundaries fall at ever different places in the block, so a chunk lost, repeated or swapped is
   * seen.
   */
  private static final byte[] BLOCK = new byte[65_521];

  static {
    new SplittableRandom(20240229).nextBytes(BLOCK);
  }

  private Pipe concurrent() {
    return track(Pipe.builder().pool(pool).concurrent(PAUSE, PAUSE / 4).build());
  }

  @Test
  void aGigabyteFromReadFromToZeroCopyAndCopyingReadsArrivesIntact() throws Exception {
    Pipe pipe = concurrent();
    Worker<Long> writer = Worker.start(() -> writeWithReadFrom(pipe, GIGABYTE));
    long maxUnread = readMixed(pipe, GIGABYTE);
    assertEquals(GIGABYTE, writer.get());
    assertTrue(maxUnread <= PAUSE + MAX_CHUNK, "unread bytes reached " + maxUnread);
  }

  @Tag("virtual-threads") // left out on JDK 17 to 20 by the parent POM
  @Test
  void aGigabyteBetweenTwoVirtualThreadsArrivesIntact() throws Exception {
    Assumptions.assumeTrue(
        Runtime.version().feature() >= 21, "virtual threads need JDK 21 or newer");
    Pipe pipe = concurrent();
    Worker<Long> writer = Worker.startVirtual(() -> writeWithLentBuffers(pipe, GIGABYTE));
    Worker<Long> reader =
        Worker.startVirtual(
            () -> {
              assertTrue(Worker.isVirtual(Thread.currentThread()));
              return readWithInputStream(pipe);
            });
    assertTrue(Worker.isVirtual(writer.thread()));
    assertEquals(GIGABYTE, writer.get());
    assertEquals(GIGABYTE, reader.get());
  }

  @Test
  void aGigabyteFromLentBuffersToAnInputStreamOnPlatformThreadsArrivesIntact() throws Exception {
    Pipe pipe = concurrent();
    Worker<Long> writer = Worker.start(() -> writeWithLentBuffers(pipe, GIGABYTE / 4));
    assertEquals(GIGABYTE / 4, readWithInputStream(pipe));
    assertEquals(GIGABYTE / 4, writer.get());
  }

  // ---------------------------------------------------------------- writers

  /** Reads a generating channel into the pipe until it ends; returns the bytes written. */
  private static long writeWithReadFrom(Pipe pipe, long total) throws Exception {
    GeneratingChannel channel = new GeneratingChannel(total);
    long written = 0;
    for (int n; (n = pipe.readFrom(channel)) != -1; ) {
      written += n;
    }
    assertTrue(pipe.isClosed(), "readFrom signals EOF at the end of the channel");
    return written;
  }

  /** Fills large lent buffers (a 1 MiB hint, above the chunk size) and ends with EOF. */
  private static long writeWithLentBuffers(Pipe pipe, long total) {
    long written = 0;
    SplittableRandom random = new SplittableRandom(3);
    while (written < total) {
      int hint = random.nextInt(4) == 0 ? 1 << 20 : -1;
      ByteBuffer buffer = pipe.getBuffer(hint);
      int n = (int) Math.min(buffer.remaining(), total - written);
      generate(buffer, written, n);
      pipe.bufferWritten(n);
      written += n;
    }
    pipe.eof();
    return written;
  }

  /** Puts the {@code n} stream bytes starting at {@code position} into {@code dst}. */
  private static void generate(ByteBuffer dst, long position, int n) {
    int left = n;
    long at = position;
    while (left > 0) {
      int offset = (int) (at % BLOCK.length);
      int k = Math.min(left, BLOCK.length - offset);
      dst.put(BLOCK, offset, k);
      at += k;
      left -= k;
    }
  }

  // ---------------------------------------------------------------- readers

  /**
   * Reads {@code total} bytes with zero-copy and copying awaits in turn, checks every byte and
   * samples {@code length()}; returns the largest sample.
   */
  private static long readMixed(Pipe pipe, long total) throws Exception {
    SplittableRandom random = new SplittableRandom(5);
    long read = 0;
    long maxUnread = 0;
    while (read < total) {
      maxUnread = Math.max(maxUnread, pipe.length());
      int n = (int) Math.min(total - read, 1 + random.nextInt(1 << 20));
      if (random.nextBoolean()) {
        try (ByteSequence s = pipe.awaitReadExactZeroCopy(n)) {
          long at = read;
          for (ByteBuffer segment : s) {
            at = check(segment, at);
          }
        }
      } else {
        check(ByteBuffer.wrap(pipe.awaitReadExact(n)), read);
      }
      read += n;
    }
    Boolean atEof = pipe.await(p -> p.reachedEof() ? Boolean.TRUE : null);
    assertTrue(atEof);
    return maxUnread;
  }

  /** Reads the pipe through its input stream to EOF, checking every byte; returns the count. */
  private static long readWithInputStream(Pipe pipe) throws Exception {
    long read = 0;
    try (InputStream in = pipe.asInputStream()) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) != -1; ) {
        check(ByteBuffer.wrap(buf, 0, n), read);
        read += n;
      }
    }
    return read;
  }

  /** Compares {@code received} with the stream from {@code position}; returns the next position. */
  private static long check(ByteBuffer received, long position) {
    ByteBuffer rest = received.slice();
    long at = position;
    while (rest.hasRemaining()) {
      int offset = (int) (at % BLOCK.length);
      int k = Math.min(rest.remaining(), BLOCK.length - offset);
      ByteBuffer got = rest.slice();
      got.limit(k);
      int mismatch = got.mismatch(ByteBuffer.wrap(BLOCK, offset, k));
      if (mismatch >= 0) {
        throw new AssertionError("byte " + (at + mismatch) + " of the stream differs");
      }
      rest.position(rest.position() + k);
      at += k;
    }
    return at;
  }

  /** A channel that produces the stream's first {@code total} bytes, then end of stream. */
  private static final class GeneratingChannel implements ReadableByteChannel {
    private final long total;
    private long position;

    GeneratingChannel(long total) {
      this.total = total;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (position == total) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), total - position);
      generate(dst, position, n);
      position += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
