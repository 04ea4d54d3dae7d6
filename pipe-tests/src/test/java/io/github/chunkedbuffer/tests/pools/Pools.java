package io.github.chunkedbuffer.tests.pools;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.PoolStats;
import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Builds fresh pools through their providers, as {@code ChunkPools} would, with a chosen bound. */
final class Pools {

  static final String MAX_POOLED_BYTES = "io.github.chunkedbuffer.pool.maxPooledBytes";

  private Pools() {}

  /** Creates a new pool from the provider named {@code name}, with {@code maxPooledBytes} as its bound. */
  static ChunkPool fresh(String name, long maxPooledBytes) {
    List<String> found = new ArrayList<>();
    for (ChunkPoolProvider provider : ServiceLoader.load(ChunkPoolProvider.class)) {
      found.add(provider.name());
      if (provider.name().equals(name)) {
        String old = System.getProperty(MAX_POOLED_BYTES);
        System.setProperty(MAX_POOLED_BYTES, Long.toString(maxPooledBytes));
        try {
          return provider.create();
        } finally {
          if (old == null) {
            System.clearProperty(MAX_POOLED_BYTES);
          } else {
            System.setProperty(MAX_POOLED_BYTES, old);
          }
        }
      }
    }
    throw new AssertionError("no provider named " + name + " on the class path; found " + found);
  }

  /** Returns what happened between two snapshots; pooledBytes is the later value, not a difference. */
  static PoolStats since(PoolStats before, PoolStats after) {
    return new PoolStats(
        after.acquired() - before.acquired(),
        after.released() - before.released(),
        after.outstanding() - before.outstanding(),
        after.pooledBytes(),
        after.hits() - before.hits(),
        after.misses() - before.misses());
  }
}
