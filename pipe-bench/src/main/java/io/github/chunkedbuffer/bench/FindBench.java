package io.github.chunkedbuffer.bench;

import io.github.chunkedbuffer.pipe.Pipe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload "find": the index of a byte in 1 MiB held in 16 KiB chunks. One operation is one search
 * over the whole MiB.
 *
 * <p>The data are random bytes in [16, 255]; its last 8 bytes are the markers 8..15, one each. Each
 * call searches the next of 8 needles in turn, so that no cached answer can stand in for a scan:
 * {@code absent} cycles over bytes 0..7, which never occur (answer -1); {@code end} cycles over the
 * markers (answer 1 MiB - 8 + k). Every contender's answer is checked.
 *
 * <p>These forks run without {@code jdk.incubator.vector}, so ours is the SWAR search; {@link
 * FindVectorBench} measures ours with the Vector API.
 */
public class FindBench extends AbstractBench {

  /** Bytes searched. */
  static final int SIZE = 1 << 20;

  /** Bytes per chunk (ours, Netty's composite components). */
  static final int CHUNK = 16 * 1024;

  /** The data, needles and answers, one copy per thread. */
  @State(Scope.Thread)
  public static class Data {
    @Param({"absent", "end"})
    public String target;

    byte[] bytes;
    final byte[] needles = new byte[8];
    final long[] answers = new long[8];
    private int next;

    @Setup(Level.Trial)
    public void setup() {
      requireFastThread();
      SplittableRandom random = new SplittableRandom(StreamInput.SEED + 2);
      bytes = new byte[SIZE];
      for (int i = 0; i < SIZE - 8; i++) {
        bytes[i] = (byte) random.nextInt(16, 256);
      }
      for (int k = 0; k < 8; k++) {
        bytes[SIZE - 8 + k] = (byte) (8 + k);
        boolean absent = "absent".equals(target);
        needles[k] = (byte) (absent ? k : 8 + k);
        answers[k] = absent ? -1 : SIZE - 8 + k;
      }
    }

    /** Returns the index of the next needle to search for. */
    int next() {
      next = (next + 1) & 7;
      return next;
    }

    long check(int k, long found, String contender) {
      if (found != answers[k]) {
        throw new IllegalStateException(
            contender + " found byte " + needles[k] + " at " + found + ", expected " + answers[k]);
      }
      return found;
    }
  }

  /** Ours: a pipe with min = max chunk size 16 KiB holding the MiB in 64 chunks. */
  @State(Scope.Thread)
  public static class Ours {
    Pipe pipe;

    @Setup(Level.Trial)
    public void setup(Data data) {
      pipe = Pipe.builder().pool(pipePool()).minChunkSize(CHUNK).maxChunkSize(CHUNK).build();
      pipe.write(data.bytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      pipe.close();
    }
  }

  /**
   * Netty: a {@link CompositeByteBuf} of 64 pooled 16 KiB heap buffers, and one pooled 1 MiB heap
   * buffer, both searched with {@code indexOf} (SWAR in 4.2).
   */
  @State(Scope.Thread)
  public static class Netty {
    CompositeByteBuf composite;
    ByteBuf single;

    @Setup(Level.Trial)
    public void setup(Data data) {
      PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
      composite = alloc.compositeHeapBuffer(SIZE / CHUNK);
      for (int off = 0; off < SIZE; off += CHUNK) {
        composite.addComponent(true, alloc.heapBuffer(CHUNK).writeBytes(data.bytes, off, CHUNK));
      }
      single = alloc.heapBuffer(SIZE).writeBytes(data.bytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      composite.release();
      single.release();
    }
  }

  /** Okio: a {@link Buffer} holding the MiB in its own 8 KiB segments (Okio's fixed size). */
  @State(Scope.Thread)
  public static class Okio {
    final Buffer buffer = new Buffer();

    @Setup(Level.Trial)
    public void setup(Data data) {
      buffer.write(data.bytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      buffer.clear();
    }
  }

  /** The limits: the same bytes in one array, scanned by vectorised JDK intrinsics. */
  @State(Scope.Thread)
  public static class Jdk {
    /** The bytes as a Latin-1 string, whose {@code indexOf(char)} is a vectorised intrinsic. */
    String latin1;

    /** A copy of the bytes; for {@code end} it differs from them exactly at the 8 markers. */
    byte[] twin;

    @Setup(Level.Trial)
    public void setup(Data data) {
      latin1 = new String(data.bytes, StandardCharsets.ISO_8859_1);
      twin = data.bytes.clone();
      if ("end".equals(data.target)) {
        for (int i = SIZE - 8; i < SIZE; i++) {
          twin[i] = (byte) ~twin[i];
        }
      }
    }
  }

  @Benchmark
  public long ours(Data d, Ours s) {
    return searchOurs(d, s, "ours");
  }

  /** Our search for the next needle, checked; shared with {@link FindVectorBench}. */
  static long searchOurs(Data d, Ours s, String contender) {
    int k = d.next();
    return d.check(k, s.pipe.findByte(d.needles[k]), contender);
  }

  @Benchmark
  public long netty_composite(Data d, Netty s) {
    int k = d.next();
    CompositeByteBuf buf = s.composite;
    return d.check(k, buf.indexOf(buf.readerIndex(), buf.writerIndex(), d.needles[k]), "netty composite");
  }

  @Benchmark
  public long netty_single(Data d, Netty s) {
    int k = d.next();
    ByteBuf buf = s.single;
    return d.check(k, buf.indexOf(buf.readerIndex(), buf.writerIndex(), d.needles[k]), "netty single");
  }

  @Benchmark
  public long okio(Data d, Okio s) {
    int k = d.next();
    return d.check(k, s.buffer.indexOf(d.needles[k]), "okio");
  }

  /** Limit: {@code String.indexOf(char)} on Latin-1 bytes, the JDK's vectorised byte search. */
  @Benchmark
  public long jdk_stringIndexOf(Data d, Jdk s) {
    int k = d.next();
    return d.check(k, s.latin1.indexOf(d.needles[k] & 0xff), "jdk String.indexOf");
  }

  /**
   * Limit: {@code Arrays.mismatch} against a twin array, the vectorised compare BENCHMARKING.md
   * quotes. It cannot look for a given byte, so it only bounds the scan: it reads two arrays and
   * stops at the first marker (answer 1 MiB - 8) or not at all ({@code absent}, answer -1).
   */
  @Benchmark
  public long jdk_mismatch(Data d, Jdk s) {
    int k = d.next();
    long found = Arrays.mismatch(d.bytes, s.twin);
    long expected = d.answers[k] < 0 ? -1 : SIZE - 8;
    if (found != expected) {
      throw new IllegalStateException("jdk mismatch found " + found + ", expected " + expected);
    }
    return found;
  }
}
