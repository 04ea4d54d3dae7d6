package io.github.chunkedbuffer.stress;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.LLL_Result;

/** The concurrent pipe's one-writer-one-reader claim, and sequences closed beside the pipe. */
public final class ConcurrentPipeStress {

  private ConcurrentPipeStress() {}

  private static String text(byte[] b) {
    return b == null || b.length == 0 ? "-" : new String(b, StandardCharsets.US_ASCII);
  }

  /**
   * A writer commits "abcd" and "ef" (one {@code write}, two pieces of a 4-byte chunk) and then
   * "gh" through {@code getBuffer}/{@code bufferWritten}; a reader reads twice. The reader must see
   * a prefix of what was written, cut only where a commit ended (after 0, 4, 6 or 8 bytes): never
   * torn, reordered, repeated or uncommitted bytes. Afterwards closing the pipe gives every chunk
   * back (0 outstanding).
   */
  @JCStressTest
  @Description("The reader of a concurrent pipe sees a prefix of the committed bytes")
  @Outcome(id = "-, -, 0", expect = Expect.ACCEPTABLE, desc = "read before any commit")
  @Outcome(id = "-, abcd, 0", expect = Expect.ACCEPTABLE, desc = "prefix")
  @Outcome(id = "-, abcdef, 0", expect = Expect.ACCEPTABLE, desc = "prefix")
  @Outcome(id = "-, abcdefgh, 0", expect = Expect.ACCEPTABLE, desc = "prefix")
  @Outcome(id = "abcd, -, 0", expect = Expect.ACCEPTABLE, desc = "prefix")
  @Outcome(id = "abcd, ef, 0", expect = Expect.ACCEPTABLE, desc = "prefix")
  @Outcome(id = "abcd, efgh, 0", expect = Expect.ACCEPTABLE, desc = "prefix")
  @Outcome(id = "abcdef, -, 0", expect = Expect.ACCEPTABLE, desc = "prefix")
  @Outcome(id = "abcdef, gh, 0", expect = Expect.ACCEPTABLE, desc = "prefix")
  @Outcome(id = "abcdefgh, -, 0", expect = Expect.ACCEPTABLE, desc = "everything in one read")
  @Outcome(expect = Expect.FORBIDDEN, desc = "torn, reordered or uncommitted bytes, or a chunk not returned")
  @State
  public static class WriterAndReader {
    final EnginePool pool = new EnginePool(1);
    final Pipe pipe =
        Pipe.builder().pool(pool).minChunkSize(4).maxChunkSize(4).concurrent(1 << 20, 1 << 19).build();
    String first;
    String second;

    @Actor
    public void writer() {
      pipe.write("abcdef".getBytes(StandardCharsets.US_ASCII));
      ByteBuffer b = pipe.getBuffer(2);
      b.put((byte) 'g').put((byte) 'h');
      pipe.bufferWritten(2);
    }

    @Actor
    public void reader() {
      try {
        first = text(pipe.read());
        second = text(pipe.read());
      } catch (IOException e) {
        first = e.toString();
      }
    }

    @Arbiter
    public void check(LLL_Result r) {
      r.r1 = first;
      r.r2 = second;
      pipe.close();
      r.r3 = pool.stats().outstanding();
    }
  }

  /**
   * The pipe (closed by one thread) and a zero-copy sequence over its chunks (closed by another)
   * share the chunks' references: whichever lets go last gives each chunk back exactly once. The
   * pool's debug checks turn a double release into an exception, counted here.
   */
  @JCStressTest
  @Description("Pipe close racing a ByteSequence close releases each chunk exactly once")
  @Outcome(id = "0, 0, 0", expect = Expect.ACCEPTABLE, desc = "every chunk back exactly once")
  @Outcome(expect = Expect.FORBIDDEN, desc = "a chunk released twice or never")
  @State
  public static class PipeCloseRacesSequenceClose {
    final EnginePool pool = new EnginePool(1);
    final Pipe pipe = Pipe.builder().pool(pool).minChunkSize(4).maxChunkSize(4).build();
    final ByteSequence view;

    public PipeCloseRacesSequenceClose() {
      pipe.write("0123456789".getBytes(StandardCharsets.US_ASCII));
      try {
        view = pipe.readZeroCopy(6);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }

    @Actor
    public void closePipe(III_Result r) {
      try {
        pipe.close();
      } catch (RuntimeException e) {
        r.r1 = 1;
      }
    }

    @Actor
    public void closeSequence(III_Result r) {
      try {
        view.close();
      } catch (RuntimeException e) {
        r.r2 = 1;
      }
    }

    @Arbiter
    public void check(III_Result r) {
      r.r3 = (int) pool.stats().outstanding();
    }
  }
}
