package io.github.chunkedbuffer.examples;

import static java.util.stream.Collectors.toMap;
import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.ChunkPools;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PoolStats;
import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;
import io.github.chunkedbuffer.pipe.spi.PipeProvider;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks the module wiring a user relies on, from inside the examples module on the module path:
 * the examples module requires only the API, yet the implementation and the pools are resolved as
 * service providers, export nothing, and are found by the API.
 */
class ModuleWiringTest {

  private static final String API = "io.github.chunkedbuffer.pipe";
  private static final String IMPL = "io.github.chunkedbuffer.pipe.impl";
  private static final String POOL_CORE = "io.github.chunkedbuffer.pool.core";

  /** Pool modules and the pool name each provides. */
  private static final Map<String, String> POOL_MODULES =
      Map.of(
          "io.github.chunkedbuffer.pool.heap", "heap",
          "io.github.chunkedbuffer.pool.direct", "direct",
          "io.github.chunkedbuffer.pool.threadlocal", "thread-local");

  private static final Module EXAMPLES = Demo.class.getModule();

  private static Module module(String name) {
    return ModuleLayer.boot()
        .findModule(name)
        .orElseThrow(
            () -> new AssertionError(name + " is not in the boot layer: " + ModuleLayer.boot()));
  }

  private static Set<String> providedServices(String moduleName) {
    return module(moduleName).getDescriptor().provides().stream()
        .map(ModuleDescriptor.Provides::service)
        .collect(toSet());
  }

  @Test
  void testsRunInsideTheNamedExamplesModuleWhichRequiresOnlyTheApi() {
    assertEquals("io.github.chunkedbuffer.examples", EXAMPLES.getName());
    Set<String> required =
        EXAMPLES.getDescriptor().requires().stream()
            .map(ModuleDescriptor.Requires::name)
            .filter(n -> n.startsWith("io.github.chunkedbuffer"))
            .collect(toSet());
    assertEquals(Set.of(API), required);
  }

  @Test
  void implementationAndPoolModulesAreResolvedIntoTheBootLayerAsServiceProviders() {
    module(IMPL);
    POOL_MODULES.keySet().forEach(ModuleWiringTest::module);
  }

  @Test
  void implementationAndPoolModulesExportAndOpenNoPackage() {
    for (String name :
        List.of(
            IMPL,
            "io.github.chunkedbuffer.pool.heap",
            "io.github.chunkedbuffer.pool.direct",
            "io.github.chunkedbuffer.pool.threadlocal")) {
      Module m = module(name);
      ModuleDescriptor d = m.getDescriptor();
      assertFalse(d.isAutomatic(), name + " must have a module-info");
      assertFalse(d.isOpen(), name);
      assertEquals(Set.of(), d.exports(), name);
      assertEquals(Set.of(), d.opens(), name);
      assertFalse(m.getPackages().isEmpty(), name);
      for (String pkg : m.getPackages()) {
        assertFalse(m.isExported(pkg), name + " exports " + pkg);
        assertFalse(m.isExported(pkg, EXAMPLES), name + " exports " + pkg + " to the examples");
        assertFalse(m.isOpen(pkg, EXAMPLES), name + " opens " + pkg + " to the examples");
      }
    }
  }

  @Test
  void implementationProvidesThePipeProviderService() {
    assertEquals(Set.of(PipeProvider.class.getName()), providedServices(IMPL));
  }

  @Test
  void eachPoolModuleProvidesTheChunkPoolProviderService() {
    for (String name : POOL_MODULES.keySet()) {
      assertEquals(Set.of(ChunkPoolProvider.class.getName()), providedServices(name), name);
    }
  }

  @Test
  void examplesModuleProvidesTheCountingPool() {
    ModuleDescriptor.Provides provides =
        EXAMPLES.getDescriptor().provides().stream().findFirst().orElseThrow();
    assertEquals(ChunkPoolProvider.class.getName(), provides.service());
    assertEquals(List.of(CountingPoolProvider.class.getName()), provides.providers());
  }

  @Test
  void poolCoreExportsOnlyItsBuilderPackageAndEveryPoolModuleRequiresIt() {
    Module core = module(POOL_CORE);
    ModuleDescriptor d = core.getDescriptor();
    assertFalse(d.isOpen());
    assertEquals(
        0, d.exports().stream().filter(ModuleDescriptor.Exports::isQualified).count(), d::toString);
    assertEquals(
        Set.of(POOL_CORE),
        d.exports().stream().map(ModuleDescriptor.Exports::source).collect(toSet()));
    assertEquals(Set.of(POOL_CORE), core.getPackages());
    assertEquals(Set.of(), d.opens());
    assertEquals(Set.of(), d.provides());
    for (String pool : POOL_MODULES.keySet()) {
      assertTrue(
          module(pool).getDescriptor().requires().stream()
              .anyMatch(r -> r.name().equals(POOL_CORE)),
          pool + " requires " + POOL_CORE);
    }
  }

  @Test
  void apiExportsExactlyTheApiAndSpiPackagesAndUsesBothServices() {
    Module api = module(API);
    ModuleDescriptor d = api.getDescriptor();
    for (ModuleDescriptor.Exports e : d.exports()) {
      assertFalse(e.isQualified(), "the API exports nothing to chosen modules only: " + e);
    }
    Set<String> exported =
        d.exports().stream().map(ModuleDescriptor.Exports::source).collect(toSet());
    assertEquals(
        Set.of("io.github.chunkedbuffer.pipe", "io.github.chunkedbuffer.pipe.spi"), exported);
    assertEquals(api.getPackages(), exported, "every package of the API module is API");
    assertEquals(Set.of(), d.opens());
    assertEquals(Set.of(PipeProvider.class.getName(), ChunkPoolProvider.class.getName()), d.uses());
    assertEquals(Set.of(), d.provides());
  }

  @Test
  void serviceLoaderFindsOnePipeProviderAndItLivesInTheImplementationModule() {
    // A module may add a `uses` for itself at run time; this keeps the module-info to what the
    // demo needs (it never loads services itself; the API does).
    EXAMPLES.addUses(PipeProvider.class);
    List<ServiceLoader.Provider<PipeProvider>> found =
        ServiceLoader.load(ModuleLayer.boot(), PipeProvider.class).stream().toList();
    assertEquals(1, found.size(), found.toString());
    assertEquals(IMPL, found.get(0).type().getModule().getName());
  }

  @Test
  void serviceLoaderFindsEveryPoolProviderInItsModule() {
    EXAMPLES.addUses(ChunkPoolProvider.class);
    Map<String, String> moduleByPool =
        ServiceLoader.load(ModuleLayer.boot(), ChunkPoolProvider.class).stream()
            .collect(toMap(p -> p.get().name(), p -> p.type().getModule().getName()));
    assertEquals(
        Map.of(
            "heap", "io.github.chunkedbuffer.pool.heap",
            "direct", "io.github.chunkedbuffer.pool.direct",
            "thread-local", "io.github.chunkedbuffer.pool.threadlocal",
            "counting", EXAMPLES.getName()),
        moduleByPool);
  }

  @Test
  void poolNamesListEveryPoolHighestPriorityFirst() {
    assertEquals(
        List.of("heap", "direct", "thread-local", "counting", "unpooled"), ChunkPools.names());
  }

  @Test
  void pipeCreateUsesTheHeapPoolByDefault() {
    ChunkPool heap = ChunkPools.get("heap");
    assertSame(heap, ChunkPools.defaultPool());
    long acquired = heap.stats().acquired();
    try (Pipe pipe = Pipe.create()) {
      pipe.write(new byte[100]);
      assertEquals(100, pipe.length());
      assertTrue(heap.stats().acquired() > acquired, "the heap pool lent nothing: " + heap.stats());
    }
  }

  @Test
  void reflectionFromTheExamplesModuleCannotReachIntoTheImplementation() throws Exception {
    try (Pipe pipe = Pipe.create()) {
      Class<?> type = pipe.getClass();
      assertEquals(IMPL, type.getModule().getName());
      // Loading the class by name works: modules hide packages, not classes.
      assertSame(type, Class.forName(type.getModule(), type.getName()));
      Method length = type.getMethod("length");
      assertThrows(IllegalAccessException.class, () -> length.invoke(pipe));
      assertThrows(InaccessibleObjectException.class, () -> length.setAccessible(true));
      Constructor<?> constructor = type.getDeclaredConstructors()[0];
      assertThrows(InaccessibleObjectException.class, () -> constructor.setAccessible(true));
      assertEquals(0, pipe.length()); // through the exported interface it is fine
    }
  }

  @Test
  void unknownPoolNameFailsWithAMessageListingThePoolsFound() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ChunkPools.get("nope"));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    for (String name : ChunkPools.names()) {
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Pipe.builder().pool("nope").build());
  }

  @Test
  void countingPoolIsFoundByNameAndLendsThePipesChunks() {
    ChunkPool counting = ChunkPools.get("counting");
    assertInstanceOf(CountingChunkPool.class, counting);
    assertSame(counting, ChunkPools.get("counting"));
    PoolStats before = counting.stats();
    try (Pipe pipe = Pipe.builder().pool("counting").build()) {
      pipe.write(new byte[10_000]);
      assertTrue(counting.stats().acquired() > before.acquired(), counting.stats().toString());
      assertTrue(((CountingChunkPool) counting).lentBytes() >= 10_000, counting.toString());
    }
    assertEquals(before.outstanding(), counting.stats().outstanding());
  }
}
