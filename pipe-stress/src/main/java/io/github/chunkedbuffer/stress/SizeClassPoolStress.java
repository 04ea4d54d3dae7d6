package io.github.chunkedbuffer.stress;

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

/** The striped size-class pool (the engine of {@code heap} and {@code direct}) from two threads. */
public final class SizeClassPoolStress {

  private SizeClassPoolStress() {}

  /**
   * Two threads acquire at once while the pool keeps exactly one buffer of that class: at most one
   * may get it, the buffers must differ, and the counters must add up (2 lent, at most 1 hit).
   */
  @JCStressTest
  @Description("Two concurrent acquires never get the same buffer; counters stay exact")
  @Outcome(id = "true, true, true", expect = Expect.ACCEPTABLE, desc = "distinct buffers, exact counters")
  @Outcome(expect = Expect.FORBIDDEN, desc = "one buffer lent twice, or counters off")
  @State
  public static class TwoAcquires {
    final EnginePool pool = new EnginePool(2);
    ByteBuffer a;
    ByteBuffer b;

    public TwoAcquires() {
      pool.release(pool.acquire(4096)); // one buffer kept, for the two actors to fight over
    }

    @Actor
    public void first() {
      a = pool.acquire(4096);
    }

    @Actor
    public void second() {
      b = pool.acquire(4096);
    }

    @Arbiter
    @SuppressWarnings("ReferenceEquality") // identity is the point
    public void check(ZZZ_Result r) {
      PoolStats s = pool.stats();
      r.r1 = a != b;
      r.r2 = s.acquired() == 3 && s.released() == 1 && s.outstanding() == 2;
      r.r3 = s.hits() <= 2 && s.hits() + s.misses() == s.acquired();
    }
  }

  /**
   * One thread releases a buffer while another acquires: the acquirer gets that buffer or a fresh
   * one, never something else, and a later release of both is accepted exactly once each (the
   * debug checks would throw on a buffer lent twice).
   */
  @JCStressTest
  @Description("Release racing an acquire hands the buffer over at most once")
  @Outcome(id = "true, true, true", expect = Expect.ACCEPTABLE, desc = "the acquirer got the released buffer")
  @Outcome(id = "false, true, true", expect = Expect.ACCEPTABLE, desc = "the acquirer got a fresh buffer")
  @Outcome(expect = Expect.FORBIDDEN, desc = "counters off or a release refused")
  @State
  public static class ReleaseRacesAcquire {
    final EnginePool pool = new EnginePool(1);
    final ByteBuffer held = pool.acquire(4096);
    ByteBuffer got;

    @Actor
    public void releaser() {
      pool.release(held);
    }

    @Actor
    public void acquirer() {
      got = pool.acquire(4096);
    }

    @Arbiter
    @SuppressWarnings("ReferenceEquality")
    public void check(ZZZ_Result r) {
      r.r1 = got == held;
      PoolStats s = pool.stats();
      r.r2 = s.acquired() == 2 && s.released() == 1 && s.outstanding() == 1;
      boolean accepted;
      try {
        pool.release(got);
        accepted = pool.stats().outstanding() == 0;
      } catch (IllegalArgumentException e) {
        accepted = false;
      }
      r.r3 = accepted;
    }
  }
}
