package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.BufferLimitExceededException;
import io.github.chunkedbuffer.pipe.LimitExceededException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code Pipe.Builder.maxBufferedBytes}: a hard cap on unread bytes. Every way in — {@code write},
 * {@code write(ByteBuffer)}, {@code getBuffer}/{@code bufferWritten}, {@code readFrom} — is refused
 * past the cap with nothing committed, on plain and on concurrent pipes alike. Each test runs for
 * both kinds; the concurrent pipe's backpressure thresholds are set far above the cap so that the
 * writer is never held back and the cap alone decides.
 */
class BufferLimitTest extends PipeTestSupport {

  private static final int LIMIT = 10;

  private Pipe limited(boolean concurrent, long limit, int chunkSize) {
    Pipe.Builder b =
        Pipe.builder().pool(pool).minChunkSize(chunkSize).maxChunkSize(chunkSize).maxBufferedBytes(limit);
    if (concurrent) {
      b.concurrent(1L << 40, 1L << 39);
    }
    return track(b.build());
  }

  private Pipe limited(boolean concurrent) {
    return limited(concurrent, LIMIT, 4);
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void writeOverTheLimitThrowsWithTheNumbersAndCommitsNothing(boolean concurrent) throws IOException {
    Pipe pipe = limited(concurrent);
    write(pipe, "abcdef");
    long acquiredBefore = pool.acquired();

    BufferLimitExceededException e =
        assertThrows(BufferLimitExceededException.class, () -> write(pipe, "ghijk"));

    assertEquals(LIMIT, e.limit());
    assertTrue(
        e.getMessage().contains("6") && e.getMessage().contains("10")
            && e.getMessage().contains("4") && e.getMessage().contains("5"),
        e::getMessage);
    assertEquals(6, pipe.length());
    assertEquals(acquiredBefore, pool.acquired(), "a refused write must not take chunks");
    assertContent("abcdef", pipe.read());
    write(pipe, "0123456789"); // the room is back once read
    assertEquals(LIMIT, pipe.length());
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void writeLargerThanAChunkAndOverTheLimitCommitsNoPieceOfIt(boolean concurrent) {
    // 4-byte chunks: the concurrent pipe writes in pieces of a chunk, and must not commit the first
    // pieces of a write that the cap refuses as a whole.
    Pipe pipe = limited(concurrent);
    write(pipe, "ab");

    assertThrows(BufferLimitExceededException.class, () -> write(pipe, "0123456789"));

    assertEquals(2, pipe.length());
    assertEquals("ab", unread(pipe));
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void writeByteBufferOverTheLimitLeavesItsPositionAndThePipeAlone(boolean concurrent) {
    Pipe pipe = limited(concurrent);
    write(pipe, "abcd");
    ByteBuffer src = ByteBuffer.wrap(bytes("xx0123456789"));
    src.position(2);
    long acquiredBefore = pool.acquired();

    BufferLimitExceededException e =
        assertThrows(BufferLimitExceededException.class, () -> pipe.write(src));

    assertEquals(LIMIT, e.limit());
    assertEquals(2, src.position(), "the source must not be consumed");
    assertEquals(12, src.limit());
    assertEquals(4, pipe.length());
    assertEquals("abcd", unread(pipe));
    assertEquals(acquiredBefore, pool.acquired());
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void getBufferAskingForMoreThanTheRoomLeftThrowsAndLendsNothing(boolean concurrent) {
    Pipe pipe = limited(concurrent);
    write(pipe, "abcdefgh");

    BufferLimitExceededException e =
        assertThrows(BufferLimitExceededException.class, () -> pipe.getBuffer(3));

    assertEquals(LIMIT, e.limit());
    assertTrue(e.getMessage().contains("getBuffer(3)"), e::getMessage);
    assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(1), "nothing may be lent");
    assertEquals(8, pipe.length());
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void getBufferNeverLendsMoreThanTheRoomLeft(boolean concurrent) {
    for (int filled = 0; filled < LIMIT; filled++) {
      for (int hint : new int[] {-1, 0, 1}) {
        Pipe pipe = limited(concurrent, LIMIT, 64);
        pipe.write(new byte[filled]);
        ByteBuffer lent = pipe.getBuffer(hint);
        assertTrue(
            lent.remaining() >= 1 && lent.remaining() <= LIMIT - filled,
            "filled " + filled + ", hint " + hint + ": lent " + lent.remaining());
        pipe.close();
      }
    }
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void bufferWrittenCanNeverTakeThePipePastTheLimit(boolean concurrent) {
    Pipe pipe = limited(concurrent, LIMIT, 64);
    write(pipe, "abcdefg");
    ByteBuffer lent = pipe.getBuffer();
    int room = lent.remaining();
    assertEquals(3, room);

    assertThrows(IllegalArgumentException.class, () -> pipe.bufferWritten(room + 1));
    assertEquals(7, pipe.length(), "a refused commit commits nothing");
    lent.put(bytes("xyz"));
    pipe.bufferWritten(3);
    assertEquals(LIMIT, pipe.length());
    assertThrows(BufferLimitExceededException.class, () -> pipe.getBuffer());
    assertThrows(BufferLimitExceededException.class, () -> write(pipe, "!"));
    assertEquals("abcdefgxyz", unread(pipe));
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void readFromAtTheLimitThrowsLimitExceededAndReadsNothingFromTheChannel(boolean concurrent) {
    Pipe pipe = limited(concurrent);
    write(pipe, "0123456789");
    CountingChannel channel = new CountingChannel(100);

    LimitExceededException e =
        assertThrows(LimitExceededException.class, () -> pipe.readFrom(channel));

    assertEquals(LIMIT, e.limit());
    assertEquals(0, channel.reads, "the channel must not be read");
    assertEquals(LIMIT, pipe.length());
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void readFromBelowTheLimitReadsAtMostTheRoomLeft(boolean concurrent) throws IOException {
    Pipe pipe = limited(concurrent, LIMIT, 64);
    write(pipe, "0123456");
    CountingChannel channel = new CountingChannel(100);

    int n = pipe.readFrom(channel);

    assertTrue(n >= 1 && n <= 3, "read " + n);
    assertTrue(pipe.length() <= LIMIT);
    while (pipe.length() < LIMIT) {
      pipe.readFrom(channel);
    }
    assertEquals(LIMIT, pipe.length());
    assertEquals(100 - 3, channel.left);
  }

  @Test
  void builderRejectsALimitBelowOne() {
    for (long bad : List.of(0L, -1L, Long.MIN_VALUE)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Pipe.builder().pool(pool).maxBufferedBytes(bad).build());
      assertTrue(e.getMessage().contains(Long.toString(bad)), e::getMessage);
    }
  }

  @Test
  void aLimitOfOneByteHoldsExactlyOneByte() {
    Pipe pipe = limited(false, 1, 4);
    assertEquals(1, pipe.getBuffer().remaining());
    pipe.bufferWritten(0);
    write(pipe, "x");
    assertThrows(BufferLimitExceededException.class, () -> write(pipe, "y"));
    assertEquals("x", unread(pipe));
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void withoutALimitThePipeGrowsFreely(boolean concurrent) {
    Pipe.Builder b = Pipe.builder().pool(pool).minChunkSize(4096).maxChunkSize(65536);
    if (concurrent) {
      b.concurrent(1L << 40, 1L << 39);
    }
    Pipe pipe = track(b.build());
    byte[] mib = new byte[1 << 20];
    for (int i = 0; i < 8; i++) {
      pipe.write(mib);
    }
    assertEquals(8L << 20, pipe.length());
    ByteBuffer lent = pipe.getBuffer(1 << 20);
    assertFalse(lent.remaining() < 1 << 20);
  }

  /** A channel with {@code left} bytes to give, counting its reads. */
  private static final class CountingChannel implements ReadableByteChannel {
    int reads;
    int left;

    CountingChannel(int bytes) {
      this.left = bytes;
    }

    @Override
    public int read(ByteBuffer dst) {
      reads++;
      if (left == 0) {
        return -1;
      }
      int n = Math.min(left, dst.remaining());
      for (int i = 0; i < n; i++) {
        dst.put((byte) 'c');
      }
      left -= n;
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
