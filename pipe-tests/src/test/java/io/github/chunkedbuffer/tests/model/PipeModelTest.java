package io.github.chunkedbuffer.tests.model;

import static org.quicktheories.QuickTheory.qt;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.ChunkPools;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;
import io.github.chunkedbuffer.tests.model.OpGenerators.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.quicktheories.core.Gen;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of pipe operations checked step by step against {@link ReferenceModel}, over
 * every pool, with chunks of 1..8 bytes (so that everything splits across chunks), of 1..64 bytes
 * (so that typed values, numbers and characters straddle chunks at every offset) and of
 * 4 KiB..64 KiB. After each case every sequence and the pipe are closed, and the pool must have
 * every buffer back. A failure is reported as the smallest case found, with every step it does not
 * need dropped.
 */
class PipeModelTest {

  private static final int EXAMPLES = Integer.getInteger("model.examples", 300);

  @ParameterizedTest
  @ValueSource(strings = {"unpooled", "heap", "direct", "thread-local"})
  void smallChunksBehaveLikeTheModel(String poolName) {
    check(OpGenerators.cases(1, 8, 60), EXAMPLES, freshPool(poolName));
  }

  @ParameterizedTest
  @ValueSource(strings = {"unpooled", "heap", "direct", "thread-local"})
  void randomChunksUpTo64BehaveLikeTheModel(String poolName) {
    check(OpGenerators.cases(1, 64, 60), EXAMPLES, freshPool(poolName));
  }

  /**
   * A concurrent pipe driven from one thread, with thresholds it never reaches, must behave as a
   * plain one, except that the writer's calls leave the reader's borrowed views valid.
   */
  @ParameterizedTest
  @ValueSource(strings = {"heap", "direct"})
  void concurrentPipeUsedFromOneThreadBehavesLikeTheModel(String poolName) {
    concurrent = true;
    check(OpGenerators.cases(1, 64, 60), EXAMPLES / 2, freshPool(poolName));
  }

  @ParameterizedTest
  @ValueSource(strings = {"unpooled", "heap", "direct", "thread-local"})
  void largeChunksBehaveLikeTheModel(String poolName) {
    check(OpGenerators.cases(4096, 65536, 60), EXAMPLES / 2, freshPool(poolName));
  }

  /** Whether the properties run on concurrent pipes. */
  private boolean concurrent;

  /** The failing case with the fewest steps QuickTheories met while it shrank; null while none. */
  private Case smallestFailing;

  /**
   * Runs the property; when it fails, the smallest failing case QuickTheories found is shrunk
   * further by dropping one step at a time while it still fails, which takes away the steps that
   * its shrinking could only make harmless.
   */
  private void check(Gen<Case> cases, int examples, ChunkPool pool) {
    smallestFailing = null;
    try {
      qt().withExamples(examples)
          .withShrinkCycles(5000)
          .forAll(cases)
          .checkAssert(c -> {
            try {
              run(c, pool, concurrent);
            } catch (AssertionError e) {
              if (smallestFailing == null || steps(c) <= steps(smallestFailing)) {
                smallestFailing = c;
              }
              throw e;
            }
          });
    } catch (AssertionError e) {
      if (smallestFailing == null) {
        throw e;
      }
      Case min = minimise(smallestFailing, pool, concurrent);
      AssertionError failure = failure(min, pool, concurrent);
      AssertionError minimised = new AssertionError(
          "Smallest failing case, after dropping every step that it fails without:" + min
              + "\nfails with: " + (failure == null ? "(it passed when run again)"
                  : failure.getMessage())
              + "\n\nQuickTheories reported:\n" + e.getMessage(),
          failure);
      minimised.addSuppressed(e);
      throw minimised;
    }
  }

  private static long steps(Case c) {
    return c.ops().stream().filter(op -> !(op instanceof Op.Nop)).count();
  }

  /** Drops steps, last first, while the case still fails, until no single step can go. */
  private static Case minimise(Case c, ChunkPool pool, boolean concurrent) {
    List<Op> ops = new ArrayList<>(c.ops());
    ops.removeIf(op -> op instanceof Op.Nop);
    boolean dropped = true;
    while (dropped) {
      dropped = false;
      for (int i = ops.size() - 1; i >= 0; i--) {
        List<Op> fewer = new ArrayList<>(ops);
        fewer.remove(i);
        if (failure(new Case(c.minChunkSize(), c.maxChunkSize(), fewer), pool, concurrent)
            != null) {
          ops = fewer;
          dropped = true;
        }
      }
    }
    return new Case(c.minChunkSize(), c.maxChunkSize(), ops);
  }

  private static AssertionError failure(Case c, ChunkPool pool, boolean concurrent) {
    try {
      run(c, pool, concurrent);
      return null;
    } catch (AssertionError e) {
      return e;
    }
  }

  private static void run(Case c, ChunkPool pool, boolean concurrent) {
    long before = pool.stats().outstanding();
    Pipe.Builder builder =
        Pipe.builder().pool(pool).minChunkSize(c.minChunkSize()).maxChunkSize(c.maxChunkSize());
    if (concurrent) {
      builder.concurrent(1L << 40, 1L << 39);
    }
    Pipe pipe = builder.build();
    World w = new World(pipe, c.maxChunkSize(), concurrent);
    AssertionError failure = null;
    for (int i = 0; i < c.ops().size() && failure == null; i++) {
      Op op = c.ops().get(i);
      try {
        op.run(w);
        w.checkInvariants();
      } catch (Throwable t) {
        failure = new AssertionError("step " + (i + 1) + ", " + op + ": " + t.getMessage(), t);
      }
    }
    try {
      w.finish(failure == null);
    } catch (RuntimeException | AssertionError e) {
      if (failure == null) {
        failure = new AssertionError("at the end: " + e.getMessage(), e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    long after = pool.stats().outstanding();
    if (after != before) {
      throw new AssertionError(
          "pool " + pool.name() + ": " + (after - before) + " buffers not given back");
    }
  }

  /** A new pool from its provider, so its counters belong to this test alone. */
  private static ChunkPool freshPool(String name) {
    if (name.equals(ChunkPools.UNPOOLED)) {
      return ChunkPools.get(name); // built in, not a provider; its counters are compared per case
    }
    List<String> found = new ArrayList<>();
    for (ChunkPoolProvider provider : ServiceLoader.load(ChunkPoolProvider.class)) {
      if (provider.name().equals(name)) {
        return provider.create();
      }
      found.add(provider.name());
    }
    throw new AssertionError("no pool provider named " + name + "; found " + found);
  }
}
