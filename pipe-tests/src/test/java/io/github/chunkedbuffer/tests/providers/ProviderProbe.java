package io.github.chunkedbuffer.tests.providers;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.ChunkPools;
import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;

/**
 * Run in a child JVM by {@link BrokenPoolProviderTest}, with a services file that registers the
 * providers below next to the real ones: prints the pool names found and the name of the pool
 * {@code ChunkPools.get("probe")} gives. The providers are registered only in the child, so the
 * test JVM's own, shared registry never sees them.
 */
public final class ProviderProbe {

  private ProviderProbe() {}

  public static void main(String[] args) {
    System.out.println("names=" + ChunkPools.names());
    System.out.println("probe=" + ChunkPools.get(GoodProvider.NAME).name());
  }

  /** A provider whose {@code name()} throws. */
  public static final class NameThrows implements ChunkPoolProvider {
    @Override
    public String name() {
      throw new IllegalStateException("name() of a broken provider");
    }

    @Override
    public int priority() {
      return 100;
    }

    @Override
    public ChunkPool create() {
      throw new AssertionError("never created");
    }
  }

  /** A provider whose {@code priority()} throws. */
  public static final class PriorityThrows implements ChunkPoolProvider {
    @Override
    public String name() {
      return "broken-priority";
    }

    @Override
    public int priority() {
      throw new IllegalStateException("priority() of a broken provider");
    }

    @Override
    public ChunkPool create() {
      throw new AssertionError("never created");
    }
  }

  /** A working provider registered with the broken ones; it serves the unpooled pool. */
  public static final class GoodProvider implements ChunkPoolProvider {
    static final String NAME = "probe";

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public int priority() {
      return 5;
    }

    @Override
    public ChunkPool create() {
      return ChunkPools.get(ChunkPools.UNPOOLED);
    }
  }
}
