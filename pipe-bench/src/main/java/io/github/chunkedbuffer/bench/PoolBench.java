package io.github.chunkedbuffer.bench;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Workload "pool": acquire and release one 16 KiB buffer. One operation is one acquire+release; the
 * buffer goes to a {@link Blackhole} in between so neither can be elided. The thread count comes
 * from the concrete subclasses ({@link PoolOneThreadBench}, {@link PoolTwoThreadsBench}).
 *
 * <p>Contenders: our {@code heap}, {@code direct} and {@code thread-local} pools as
 * {@code ChunkPools.get} returns them; Netty's {@code PooledByteBufAllocator} and
 * {@code AdaptiveByteBufAllocator} (the 4.2 default), heap and direct, on its
 * {@code FastThreadLocalThread}s where its caches live; and, as the floor, {@code new byte[16384]}
 * and {@code ByteBuffer.allocateDirect(16384)} left to the garbage collector.
 */
public abstract class PoolBench extends AbstractBench {

  /** Buffer size acquired. */
  static final int SIZE = 16 * 1024;

  /** The pools and allocators, shared by all threads as applications share them. */
  @State(Scope.Benchmark)
  public static class Pools {
    ChunkPool heap;
    ChunkPool direct;
    ChunkPool threadLocal;
    ByteBufAllocator adaptive;
    ByteBufAllocator pooled;

    @Setup(Level.Trial)
    public void setup() {
      heap = pool("heap");
      direct = pool("direct");
      threadLocal = pool("thread-local");
      adaptive = NettyAllocators.named("adaptive");
      pooled = NettyAllocators.named("pooled");
    }
  }

  /** Checks, once per thread, that the thread is one Netty gives its caches to. */
  @State(Scope.Thread)
  public static class FastThread {
    @Setup(Level.Trial)
    public void setup() {
      requireFastThread();
    }
  }

  @Benchmark
  public void ours_heap(Pools p, FastThread t, Blackhole bh) {
    ByteBuffer b = p.heap.acquire(SIZE);
    bh.consume(b);
    p.heap.release(b);
  }

  @Benchmark
  public void ours_direct(Pools p, FastThread t, Blackhole bh) {
    ByteBuffer b = p.direct.acquire(SIZE);
    bh.consume(b);
    p.direct.release(b);
  }

  @Benchmark
  public void ours_threadLocal(Pools p, FastThread t, Blackhole bh) {
    ByteBuffer b = p.threadLocal.acquire(SIZE);
    bh.consume(b);
    p.threadLocal.release(b);
  }

  @Benchmark
  public void netty_adaptive_heap(Pools p, FastThread t, Blackhole bh) {
    ByteBuf b = p.adaptive.heapBuffer(SIZE);
    bh.consume(b);
    b.release();
  }

  @Benchmark
  public void netty_adaptive_direct(Pools p, FastThread t, Blackhole bh) {
    ByteBuf b = p.adaptive.directBuffer(SIZE);
    bh.consume(b);
    b.release();
  }

  @Benchmark
  public void netty_pooled_heap(Pools p, FastThread t, Blackhole bh) {
    ByteBuf b = p.pooled.heapBuffer(SIZE);
    bh.consume(b);
    b.release();
  }

  @Benchmark
  public void netty_pooled_direct(Pools p, FastThread t, Blackhole bh) {
    ByteBuf b = p.pooled.directBuffer(SIZE);
    bh.consume(b);
    b.release();
  }

  @Benchmark
  public void jdk_newByteArray(FastThread t, Blackhole bh) {
    bh.consume(new byte[SIZE]);
  }

  @Benchmark
  public void jdk_allocateDirect(FastThread t, Blackhole bh) {
    bh.consume(ByteBuffer.allocateDirect(SIZE));
  }
}
