package io.github.chunkedbuffer.pipe;

import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;
import io.github.chunkedbuffer.pipe.spi.PipeProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds providers with {@link ServiceLoader}, once each, in holder classes that the JVM initialises
 * lazily and thread-safely (as the JDK's {@code SelectorProvider} does). Loading uses this module's
 * own class loader, never the thread's context loader, so the answer does not depend on which thread
 * asks first. A provider that throws {@link ServiceConfigurationError} is reported and skipped, so one
 * broken jar cannot hide the others.
 */
final class Providers {
  private static final System.Logger LOG = System.getLogger(Providers.class.getName());

  private Providers() {}

  static PipeProvider pipeProvider() {
    PipeProvider provider = PipeHolder.PROVIDER;
    if (provider == null) {
      throw new IllegalStateException(
          "no chunkedbuffer implementation found: add the artifact io.github.chunkedbuffer:pipe-impl"
              + " (module io.github.chunkedbuffer.pipe.impl) to the module path or class path");
    }
    return provider;
  }

  static boolean debugByDefault() {
    return DebugHolder.DEBUG;
  }

  static List<String> poolNames() {
    return PoolHolder.NAMES;
  }

  static ChunkPool pool(String name) {
    ChunkPoolProvider provider = PoolHolder.PROVIDERS.get(name);
    if (provider == null) {
      throw new IllegalArgumentException(
          "no chunk pool named '" + name + "'; pools found: " + PoolHolder.NAMES + missingHint(name));
    }
    ChunkPool existing = PoolHolder.INSTANCES.get(name);
    return existing != null ? existing : createShared(name, provider);
  }

  /**
   * Creates the shared pool for {@code name} once. Not {@code computeIfAbsent}: a pool that wraps
   * another (thread-local over heap) asks for that one from inside {@code create()}, and a
   * {@code ConcurrentHashMap} must not be updated from inside its own mapping function. The
   * monitor is re-entrant, so such a nested request from the same thread goes through.
   */
  private static ChunkPool createShared(String name, ChunkPoolProvider provider) {
    synchronized (PoolHolder.INSTANCES) {
      ChunkPool existing = PoolHolder.INSTANCES.get(name);
      if (existing != null) {
        return existing;
      }
      ChunkPool created = create(provider);
      PoolHolder.INSTANCES.put(name, created);
      return created;
    }
  }

  static ChunkPool defaultPool() {
    String configured = PoolHolder.CONFIGURED_DEFAULT;
    if (configured != null && !PoolHolder.PROVIDERS.containsKey(configured)) {
      throw new IllegalArgumentException(
          "system property "
              + ChunkPools.POOL_PROPERTY
              + "="
              + configured
              + " names no pool; pools found: "
              + PoolHolder.NAMES
              + missingHint(configured));
    }
    return pool(configured != null ? configured : PoolHolder.NAMES.get(0));
  }

  private static String missingHint(String name) {
    return switch (name) {
      case "heap" -> " (add io.github.chunkedbuffer:pipe-pool-heap)";
      case "direct" -> " (add io.github.chunkedbuffer:pipe-pool-direct)";
      case "thread-local" -> " (add io.github.chunkedbuffer:pipe-pool-threadlocal)";
      default -> "";
    };
  }

  private static ChunkPool create(ChunkPoolProvider provider) {
    ChunkPool pool = provider.create();
    if (pool == null) {
      throw new IllegalStateException(provider.getClass().getName() + ".create() returned null");
    }
    return pool;
  }

  private static <S> List<S> load(Class<S> service) {
    List<S> found = new ArrayList<>();
    Iterator<S> it = ServiceLoader.load(service, Providers.class.getClassLoader()).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          return found;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        LOG.log(
            System.Logger.Level.WARNING, "skipping a " + service.getSimpleName() + " that failed", e);
      }
    }
  }

  private static final class DebugHolder {
    static final boolean DEBUG = Boolean.getBoolean("io.github.chunkedbuffer.debug");
  }

  private static final class PipeHolder {
    static final PipeProvider PROVIDER =
        load(PipeProvider.class).stream()
            .max(Comparator.comparingInt(PipeProvider::priority))
            .orElse(null);
  }

  private static final class PoolHolder {
    /** Providers by name, highest priority first; never modified after initialisation. */
    static final Map<String, ChunkPoolProvider> PROVIDERS = providers();

    static final List<String> NAMES = List.copyOf(PROVIDERS.keySet());

    /** One shared pool per name, created on first request. */
    static final Map<String, ChunkPool> INSTANCES = new ConcurrentHashMap<>();

    static final String CONFIGURED_DEFAULT = System.getProperty(ChunkPools.POOL_PROPERTY);

    private static Map<String, ChunkPoolProvider> providers() {
      List<ChunkPoolProvider> loaded = load(ChunkPoolProvider.class);
      loaded.add(new UnpooledProvider());
      // Ask each provider once, and skip one that throws, so it cannot hide the others.
      List<Described> all = new ArrayList<>();
      for (ChunkPoolProvider p : loaded) {
        try {
          all.add(new Described(Objects.requireNonNull(p.name(), "name()"), p.priority(), p));
        } catch (RuntimeException e) {
          LOG.log(
              System.Logger.Level.WARNING,
              "skipping chunk pool provider " + p.getClass().getName() + ", which failed",
              e);
        }
      }
      all.sort(
          Comparator.comparingInt(Described::priority).reversed().thenComparing(Described::name));
      Map<String, ChunkPoolProvider> byName = new LinkedHashMap<>();
      Map<String, Described> kept = new LinkedHashMap<>();
      for (Described d : all) {
        Described earlier = kept.putIfAbsent(d.name(), d);
        if (earlier == null) {
          byName.put(d.name(), d.provider());
        } else {
          LOG.log(
              System.Logger.Level.WARNING,
              "two chunk pool providers are named ''{0}'': using {1} (priority {2}), ignoring {3}",
              d.name(),
              earlier.provider().getClass().getName(),
              earlier.priority(),
              d.provider().getClass().getName());
        }
      }
      return Collections.unmodifiableMap(byName);
    }
  }

  /** A provider with the name and priority it gave once. */
  private record Described(String name, int priority, ChunkPoolProvider provider) {}

  /** Registers the built-in {@link UnpooledChunkPool}. */
  private static final class UnpooledProvider implements ChunkPoolProvider {
    @Override
    public String name() {
      return ChunkPools.UNPOOLED;
    }

    @Override
    public int priority() {
      return 0;
    }

    @Override
    public ChunkPool create() {
      return new UnpooledChunkPool();
    }
  }
}
