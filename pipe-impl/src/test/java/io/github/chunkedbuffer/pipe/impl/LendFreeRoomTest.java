package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code getBuffer} lends free room only: position 0, limit and capacity the bytes lent. The NIO
 * habits a writer brings ({@code clear()}, {@code flip()}, {@code compact()}, absolute puts,
 * {@code bufferWritten(buf.position())}) can then never reach a committed byte. Each test failed
 * when the lent buffer was the chunk's own buffer positioned at its write index.
 */
class LendFreeRoomTest extends PipeTestSupport {

  private Pipe pipe(boolean concurrent) {
    Pipe.Builder b = Pipe.builder().pool(pool).minChunkSize(64).maxChunkSize(64);
    if (concurrent) {
      b.concurrent(1 << 20, 1 << 19);
    }
    return track(b.build());
  }

  /** A channel that reads the given text once per call. */
  private static ReadableByteChannel channelOf(String text) {
    return new ReadableByteChannel() {
      @Override
      public int read(ByteBuffer dst) {
        byte[] b = bytes(text);
        dst.put(b);
        return b.length;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void lentBufferStartsAtZeroAndEndsAtWhatIsLent(boolean concurrent) {
    Pipe pipe = pipe(concurrent);
    write(pipe, "abc");
    ByteBuffer buf = pipe.getBuffer(10);
    assertEquals(0, buf.position());
    assertEquals(buf.capacity(), buf.limit());
    assertTrue(buf.capacity() >= 10 && buf.capacity() <= 61, buf.toString());
    assertEquals(ByteOrder.BIG_ENDIAN, buf.order());
    assertFalse(buf.isReadOnly());
    pipe.bufferWritten(0);
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void clearThenChannelReadThenCommitPositionKeepsCommittedBytes(boolean concurrent)
      throws IOException {
    Pipe pipe = pipe(concurrent);
    ByteBuffer first = pipe.getBuffer(16);
    first.clear();
    first.put(bytes("abc"));
    pipe.bufferWritten(first.position());

    ByteBuffer second = pipe.getBuffer(16);
    second.clear(); // the habit that used to move the position back over "abc"
    channelOf("XYZ").read(second);
    pipe.bufferWritten(second.position());

    assertEquals("abcXYZ", unread(pipe));
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void flipCompactAndAbsolutePutsStayInsideTheFreeRoom(boolean concurrent) throws IOException {
    Pipe pipe = pipe(concurrent);
    write(pipe, "committed");
    ByteBuffer buf = pipe.getBuffer(8);
    buf.put(bytes("tail"));
    buf.flip();
    buf.compact();
    for (int i = 0; i < buf.capacity(); i++) {
      buf.put(i, (byte) '#');
    }
    assertEquals("committed", unread(pipe), "absolute puts on the lent buffer reached committed bytes");
    pipe.bufferWritten(2);
    assertContent("committed##", pipe.read());
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void readFromCommitsExactlyWhatTheChannelRead(boolean concurrent) throws IOException {
    Pipe pipe = pipe(concurrent);
    write(pipe, "abc");
    assertEquals(3, pipe.readFrom(channelOf("def")));
    assertEquals(3, pipe.readFrom(channelOf("ghi")));
    assertContent("abcdefghi", pipe.read());
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void aSecondLoanAfterACommitStartsAtZeroAgain(boolean concurrent) {
    Pipe pipe = pipe(concurrent);
    for (String part : new String[] {"one", "two", "three"}) {
      ByteBuffer buf = pipe.getBuffer(8);
      assertEquals(0, buf.position(), "every loan starts at position 0");
      buf.put(bytes(part));
      pipe.bufferWritten(buf.position());
    }
    assertEquals("onetwothree", unread(pipe));
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void commitBeyondTheLoanIsRefusedAndCommitsNothing(boolean concurrent) {
    Pipe pipe = pipe(concurrent);
    write(pipe, "ab");
    ByteBuffer buf = pipe.getBuffer(4);
    int lent = buf.capacity();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pipe.bufferWritten(lent + 1));
    assertTrue(e.getMessage().contains(Integer.toString(lent + 1)), e.getMessage());
    assertEquals("ab", unread(pipe));
    buf.put((byte) 'c');
    pipe.bufferWritten(1); // the loan survived the refused commit
    assertEquals("abc", unread(pipe));
  }
}
