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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of pipe operations checked step by step against {@link ReferenceModel}, over
 * every pool, with chunks of 1..8 bytes (so that everything splits across chunks) and of
 * 4 KiB..64 KiB. After each case every sequence and the pipe are closed, and the pool must have
 * every buffer back.
 */
class PipeModelTest {

  private static final int EXAMPLES = Integer.getInteger("model.examples", 300);

  @ParameterizedTest
  @ValueSource(strings = {"unpooled", "heap", "direct", "thread-local"})
  void smallChunksBehaveLikeTheModel(String poolName) {
    ChunkPool pool = freshPool(poolName);
    qt().withExamples(EXAMPLES)
        .withShrinkCycles(5000)
        .forAll(OpGenerators.cases(1, 8, 60))
        .checkAssert(c -> run(c, pool));
  }

  @ParameterizedTest
  @ValueSource(strings = {"unpooled", "heap", "direct", "thread-local"})
  void largeChunksBehaveLikeTheModel(String poolName) {
    ChunkPool pool = freshPool(poolName);
    qt().withExamples(EXAMPLES / 2)
        .withShrinkCycles(5000)
        .forAll(OpGenerators.cases(4096, 65536, 60))
        .checkAssert(c -> run(c, pool));
  }

  private static void run(Case c, ChunkPool pool) {
    long before = pool.stats().outstanding();
    Pipe pipe =
        Pipe.builder()
            .pool(pool)
            .minChunkSize(c.minChunkSize())
            .maxChunkSize(c.maxChunkSize())
            .build();
    World w = new World(pipe, c.maxChunkSize());
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
