package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Pipe#writeTo(WritableByteChannel)} on plain and concurrent pipes. */
class PipeWriteToChannelTest extends PipeTestSupport {

  /** A pipe with 16-byte chunks; concurrent with thresholds it never reaches when asked. */
  private Pipe pipe16(boolean concurrent) {
    Pipe.Builder b = Pipe.builder().pool(pool).minChunkSize(16).maxChunkSize(16);
    if (concurrent) {
      b.concurrent(1 << 20, 0);
    }
    return track(b.build());
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void gatheringChannelGetsGatheringWritesOfEveryChunk(boolean concurrent) throws IOException {
    Pipe pipe = pipe16(concurrent);
    byte[] data = pattern(1000, 251);
    pipe.write(data);
    RecordingChannel channel = new RecordingChannel(Integer.MAX_VALUE, true);
    assertEquals(1000, pipe.writeTo(channel.face()));
    assertArrayEquals(data, channel.bytes());
    assertTrue(channel.gatheringWrites > 0, "no gathering write was used");
    assertEquals(0, channel.singleWrites, "a gathering channel got single-buffer writes");
    assertTrue(
        channel.largestGather > 1, "one gathering write should carry several chunks' buffers");
    assertEquals(0, pipe.length());
    assertEquals(0, pipe.writeTo(channel.face()), "an empty pipe writes nothing");
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void plainChannelGetsEveryByteInOrder(boolean concurrent) throws IOException {
    Pipe pipe = pipe16(concurrent);
    byte[] data = pattern(1000, 249);
    pipe.write(data);
    assertEquals(3, pipe.skip(3));
    RecordingChannel channel = new RecordingChannel(Integer.MAX_VALUE, false);
    assertEquals(997, pipe.writeTo(channel.face()));
    assertArrayEquals(Arrays.copyOfRange(data, 3, 1000), channel.bytes());
    assertTrue(channel.singleWrites > 1);
    assertEquals(0, pipe.length());
  }

  @ParameterizedTest(name = "concurrent={0} gathering={1}")
  @CsvSource({"false,false", "false,true", "true,false", "true,true"})
  void nonBlockingChannelThatTakesAFewBytesLeavesTheRestBuffered(
      boolean concurrent, boolean gathering) throws IOException {
    Pipe pipe = pipe16(concurrent);
    byte[] data = pattern(100, 97);
    pipe.write(data);
    RecordingChannel channel = new RecordingChannel(5, gathering);
    channel.capacityLeft = 23; // then the channel is "full" and takes nothing
    assertEquals(23, pipe.writeTo(channel.face()));
    assertEquals(77, pipe.length());
    assertArrayEquals(Arrays.copyOf(data, 23), channel.bytes());
    assertEquals(0, pipe.writeTo(channel.face()), "a full channel takes nothing");
    assertEquals(77, pipe.length());
    channel.capacityLeft = Integer.MAX_VALUE;
    assertEquals(77, pipe.writeTo(channel.face()));
    assertArrayEquals(data, channel.bytes());
  }

  @ParameterizedTest(name = "concurrent={0} gathering={1}")
  @CsvSource({"false,false", "false,true", "true,false", "true,true"})
  void channelThatThrowsLeavesTheBytesItDidNotTakeBuffered(boolean concurrent, boolean gathering)
      throws IOException {
    Pipe pipe = pipe16(concurrent);
    byte[] data = pattern(100, 89);
    pipe.write(data);
    RecordingChannel channel = new RecordingChannel(10, gathering);
    channel.failAfterWrites = 2;
    IOException e = assertThrows(IOException.class, () -> pipe.writeTo(channel.face()));
    assertSame(RecordingChannel.FAILURE, e);
    int taken = channel.bytes().length;
    assertTrue(taken >= 12 && taken <= 20, "two writes of at most 10 took " + taken);
    assertEquals(100 - taken, pipe.length(), "what the channel took before failing is consumed");
    assertEquals(str(Arrays.copyOfRange(data, taken, 100)), unread(pipe));

    channel.failAfterWrites = 0;
    IOException first = assertThrows(IOException.class, () -> pipe.writeTo(channel.face()));
    assertSame(RecordingChannel.FAILURE, first);
    assertEquals(100 - taken, pipe.length(), "a failing first write consumes nothing");

    channel.failAfterWrites = Integer.MAX_VALUE;
    channel.perWrite = Integer.MAX_VALUE;
    assertEquals(100 - taken, pipe.writeTo(channel.face()));
    assertArrayEquals(data, channel.bytes());
  }

  @ParameterizedTest(name = "concurrent={0} gathering={1}")
  @CsvSource({"false,false", "false,true", "true,false", "true,true"})
  void bytesAChannelTookBeforeThrowingInTheSameCallAreConsumedSoARetrySendsEachOnce(
      boolean concurrent, boolean gathering) throws IOException {
    Pipe pipe = pipe16(concurrent);
    byte[] data = pattern(100, 83);
    pipe.write(data);
    RecordingChannel channel = new RecordingChannel(10, gathering);
    channel.tearAtWrite = 1; // the second call takes its bytes, then throws
    assertSame(
        RecordingChannel.FAILURE, assertThrows(IOException.class, () -> pipe.writeTo(channel.face())));
    // A gathering call takes 10 bytes across the first chunk boundary; a single-buffer call takes
    // the 6 left in the first chunk.
    int taken = gathering ? 20 : 16;
    assertEquals(taken, channel.bytes().length);
    assertEquals(100 - taken, pipe.length(), "the bytes the failing call took are consumed");
    assertEquals(str(Arrays.copyOfRange(data, taken, 100)), unread(pipe));

    channel.tearAtWrite = Integer.MAX_VALUE;
    assertEquals(100 - taken, pipe.writeTo(channel.face()));
    assertArrayEquals(data, channel.bytes(), "every byte reached the channel exactly once");
    assertEquals(0, pipe.length());
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void writeToLeavesZeroCopyViewsHandedOutBeforeIntact(boolean concurrent) throws IOException {
    Pipe pipe = pipe16(concurrent);
    write(pipe, "0123456789abcdefghijklmnopqrstuvwxyz");
    try (ByteSequence head = pipe.peekZeroCopy(20)) {
      RecordingChannel channel = new RecordingChannel(Integer.MAX_VALUE, true);
      assertEquals(36, pipe.writeTo(channel.face()));
      assertContent("0123456789abcdefghij", head);
      assertEquals("0123456789abcdefghijklmnopqrstuvwxyz", str(channel.bytes()));
    }
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void writeToOnAClosedPipeThrowsIllegalStateException(boolean concurrent) {
    Pipe pipe = pipe16(concurrent);
    pipe.close();
    assertThrows(
        IllegalStateException.class,
        () -> pipe.writeTo(new RecordingChannel(Integer.MAX_VALUE, false).face()));
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void writeToAfterEofDrainsWhatIsLeft(boolean concurrent) throws IOException {
    Pipe pipe = pipe16(concurrent);
    write(pipe, "last words");
    pipe.eof(new IOException("gone"));
    RecordingChannel channel = new RecordingChannel(Integer.MAX_VALUE, true);
    assertEquals(10, pipe.writeTo(channel.face()));
    assertEquals("last words", str(channel.bytes()));
    assertTrue(pipe.reachedEof());
  }

  /**
   * A channel that records what it takes: at most {@code perWrite} bytes per call, at most {@link
   * #capacityLeft} in all (then it takes 0, like a full non-blocking socket), and it throws {@link
   * #FAILURE} once {@link #failAfterWrites} calls have succeeded.
   */
  private static final class RecordingChannel implements GatheringByteChannel {
    @SuppressWarnings("StaticAssignmentOfThrowable") // one instance, so tests can assertSame it
    static final IOException FAILURE = new IOException("broken pipe");

    private final ByteArrayOutputStream taken = new ByteArrayOutputStream();
    private final boolean gatheringAllowed;
    int perWrite;
    int capacityLeft = Integer.MAX_VALUE;
    int failAfterWrites = Integer.MAX_VALUE;

    /** The index of the write call that takes its bytes and then throws {@link #FAILURE}. */
    int tearAtWrite = Integer.MAX_VALUE;

    int gatheringWrites;
    int singleWrites;
    int largestGather;
    private int writes;

    RecordingChannel(int perWrite, boolean gathering) {
      this.perWrite = perWrite;
      this.gatheringAllowed = gathering;
    }

    byte[] bytes() {
      return taken.toByteArray();
    }

    /** This channel, or when it must not gather, a plain {@link WritableByteChannel} over it. */
    WritableByteChannel face() {
      if (gatheringAllowed) {
        return this;
      }
      RecordingChannel self = this;
      return new WritableByteChannel() {
        @Override
        public int write(ByteBuffer src) throws IOException {
          return self.write(src);
        }

        @Override
        public boolean isOpen() {
          return true;
        }

        @Override
        public void close() {}
      };
    }

    private int take(ByteBuffer src, int max) throws IOException {
      int n = Math.min(src.remaining(), max);
      byte[] b = new byte[n];
      src.get(b);
      taken.write(b);
      return n;
    }

    private void beforeWrite() throws IOException {
      if (writes >= failAfterWrites) {
        throw FAILURE;
      }
      writes++;
    }

    private void afterWrite() throws IOException {
      if (writes - 1 == tearAtWrite) {
        throw FAILURE;
      }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      beforeWrite();
      singleWrites++;
      int n = take(src, Math.min(perWrite, capacityLeft));
      capacityLeft -= n;
      afterWrite();
      return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      if (!gatheringAllowed) {
        throw new AssertionError("this channel pretends not to gather");
      }
      beforeWrite();
      gatheringWrites++;
      largestGather = Math.max(largestGather, length);
      long total = 0;
      int budget = Math.min(perWrite, capacityLeft);
      for (int i = offset; i < offset + length && budget > 0; i++) {
        int n = take(srcs[i], budget);
        budget -= n;
        total += n;
      }
      capacityLeft -= (int) total;
      afterWrite();
      return total;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
      return write(srcs, 0, srcs.length);
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
