package io.github.chunkedbuffer.pool.core;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.nio.ByteBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZZ_Result;

/**
 * The thread-local pool's cross-thread path: a buffer acquired on one thread and released on
 * another moves into the releasing thread's cache, while a third party acquires. Lives in the
 * pool's package (on the class path) to build pools with a chosen delegate and debug checks on.
 */
public final class ThreadLocalPoolStress {

  private ThreadLocalPoolStress() {}

  /**
   * A buffer acquired while the state was built (on another thread) is released by actor 1, which
   * then acquires again (its cache may serve it that very buffer); actor 2 acquires at the same
   * time. The two buffers held at the end must differ, both must go back exactly once, and the
   * counters must add up.
   */
  @JCStressTest
  @Description("Cross-thread release into a thread cache never hands one buffer to two holders")
  @Outcome(id = "true, true, true", expect = Expect.ACCEPTABLE, desc = "distinct buffers, exact counters")
  @Outcome(expect = Expect.FORBIDDEN, desc = "one buffer held twice, a refused release, or counters off")
  @State
  public static class CrossThreadRelease {
    final ChunkPool delegate =
        SizeClassPools.heap()
            .name("stress-delegate")
            .maxPooledBytes(1L << 20)
            .stripes(1)
            .debug(true)
            .build();
    final ThreadLocalChunkPool pool = new ThreadLocalChunkPool(delegate, 64 * 1024, 4, true);
    final ByteBuffer fromElsewhere = pool.acquire(4096);
    ByteBuffer a;
    ByteBuffer b;

    @Actor
    public void releaseThenAcquire() {
      pool.release(fromElsewhere);
      a = pool.acquire(4096);
    }

    @Actor
    public void acquire() {
      b = pool.acquire(4096);
    }

    @Arbiter
    @SuppressWarnings("ReferenceEquality") // identity is the point
    public void check(ZZZ_Result r) {
      r.r1 = a != b;
      PoolStats s = pool.stats();
      r.r2 = s.acquired() == 3 && s.released() == 1 && s.outstanding() == 2;
      boolean accepted;
      try {
        pool.release(a);
        pool.release(b);
        accepted = pool.stats().outstanding() == 0;
      } catch (IllegalArgumentException e) {
        accepted = false;
      }
      r.r3 = accepted;
    }
  }
}
