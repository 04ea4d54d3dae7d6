package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code getBuffer} whose chunk acquisition fails ends the previous loan: the tail it was lent
 * from may have been rewound or given back to the pool on the way, so a later {@code
 * bufferWritten} must not commit into it.
 */
class GetBufferFailureTest extends PipeTestSupport {

  /** More than any chunk of these pipes, so the pipe must ask the pool for a chunk of its own. */
  private static final int HUGE_HINT = 1000;

  private final RefusingPool refusing = new RefusingPool(pool);

  /** A pipe over {@link #refusing} whose chunks hold 16 to 64 bytes. */
  private Pipe pipe(boolean concurrent) {
    Pipe.Builder b = Pipe.builder().pool(refusing).minChunkSize(16).maxChunkSize(64);
    if (concurrent) {
      b.concurrent(1 << 20, 0);
    }
    return track(b.build());
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void failedGetBufferAfterTheTailWasDrainedLeavesNothingLentAndNothingStaleToRead(
      boolean concurrent) throws IOException {
    Pipe pipe = pipe(concurrent);
    write(pipe, "01");
    ByteBuffer lent = pipe.getBuffer(); // lent from the tail, just after "01"
    assertContent("01", pipe.read()); // the tail is drained: the next getBuffer may rewind it

    refusing.refuse = true;
    assertSame(RefusingPool.REFUSAL, assertThrows(OutOfMemoryError.class, () -> pipe.getBuffer(HUGE_HINT)));
    refusing.refuse = false;

    lent.put(bytes("xy"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(2));
    assertEquals("bufferWritten(2): nothing is lent; call getBuffer(...) first", e.getMessage());
    assertEquals(0, pipe.length(), "a rewound tail's old bytes were committed again");
    assertNull(pipe.read(), "an open, empty pipe reads null");

    write(pipe, "ab");
    assertContent("ab", pipe.read());
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void failedGetBufferEndsALoanTakenAfterTheTailWasDrained(boolean concurrent)
      throws IOException {
    Pipe pipe = pipe(concurrent);
    write(pipe, "01");
    assertContent("01", pipe.read());
    ByteBuffer lent = pipe.getBuffer();

    refusing.refuse = true;
    assertThrows(OutOfMemoryError.class, () -> pipe.getBuffer(HUGE_HINT));
    refusing.refuse = false;

    lent.put(bytes("xy"));
    assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(2));
    assertEquals(0, pipe.length());
    assertNull(pipe.read());
    assertEquals("", unread(pipe));
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void failedGetBufferAfterAnOversizedDrainedTailWasGivenBackCommitsNothingIntoFreedMemory(
      boolean concurrent) throws IOException {
    Pipe pipe = pipe(concurrent);
    // A 64-byte tail holding 2 bytes: once drained it is twice the size the traffic needs, so
    // the next getBuffer gives it back to the pool rather than rewinding it.
    pipe.getBuffer(64).put(bytes("01"));
    pipe.bufferWritten(2);
    ByteBuffer lent = pipe.getBuffer();
    assertContent("01", pipe.read());

    refusing.refuse = true;
    assertThrows(OutOfMemoryError.class, () -> pipe.getBuffer(HUGE_HINT));
    refusing.refuse = false;
    if (!concurrent) {
      // (A concurrent pipe's lend holds the tail, so there it is neither rewound nor given back.)
      assertEquals(0, pool.outstanding(), "the drained, oversized tail went back to the pool");
    }

    lent.put(bytes("xy"));
    assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(2));
    assertEquals(0, pipe.length());
    assertNull(pipe.read());
    assertEquals(-1, pipe.findByte((byte) 'x'));

    write(pipe, "abc");
    assertContent("abc", pipe.read());
    pipe.close();
    pool.assertAllReturned();
    PoolStats stats = refusing.stats();
    assertEquals(stats.acquired(), stats.released());
  }

  /**
   * A pool in front of the test's {@link CountingPool} that throws {@link #REFUSAL} from {@code
   * acquire} while {@link #refuse} is set, as a pool out of memory does.
   */
  /**
   * A whole-chunk loan merges the trickled tail back into the chunk before it and then asks the
   * pool; when the pool fails there, the merged chunk is the tail, and later loans must neither
   * merge it into itself nor lose its bytes.
   */
  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  @Timeout(30) // a stale link to the chunk before the tail makes a later loan loop for ever
  void failedGetBufferAfterATrickledTailWasMergedBackKeepsEveryByte(boolean concurrent)
      throws IOException {
    Pipe.Builder b = Pipe.builder().pool(refusing).minChunkSize(64).maxChunkSize(64);
    if (concurrent) {
      b.concurrent(1 << 20, 0);
    }
    Pipe pipe = track(b.build());
    StringBuilder sent = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == 2 || i == 5) {
        refusing.refuse = true; // the tail before it now holds one byte and can be merged back
        assertSame(
            RefusingPool.REFUSAL, assertThrows(OutOfMemoryError.class, () -> pipe.getBuffer(64)));
        refusing.refuse = false;
      }
      ByteBuffer lent = pipe.getBuffer(64);
      char c = (char) ('a' + i);
      lent.put((byte) c);
      pipe.bufferWritten(1);
      sent.append(c);
    }
    assertContent(sent.toString(), pipe.read());
  }

  private static final class RefusingPool implements ChunkPool {
    @SuppressWarnings("StaticAssignmentOfThrowable") // one instance, so tests can assertSame it
    static final OutOfMemoryError REFUSAL = new OutOfMemoryError("test pool refuses to lend");

    private final CountingPool inner;
    volatile boolean refuse;

    RefusingPool(CountingPool inner) {
      this.inner = inner;
    }

    @Override
    public ByteBuffer acquire(int minCapacity) {
      if (refuse) {
        throw REFUSAL;
      }
      return inner.acquire(minCapacity);
    }

    @Override
    public void release(ByteBuffer buffer) {
      inner.release(buffer);
    }

    @Override
    public String name() {
      return "refusing";
    }

    @Override
    public PoolStats stats() {
      return inner.stats();
    }
  }
}
