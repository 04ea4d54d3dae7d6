package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The vectorised search is on exactly when this JVM was started with {@code --add-modules
 * jdk.incubator.vector} on JDK 21 or newer. The default test execution runs without the module
 * (off); on JDK 21+ the {@code vector-search} execution runs with it and sets {@value
 * #REQUIRE_MODULE}, so that a broken argLine cannot quietly test SWAR twice. A child JVM test in
 * pipe-tests checks what is loaded and printed in each case.
 */
class VectorizationTest {

  /** Set by the {@code vector-search} test execution, which must have the module. */
  static final String REQUIRE_MODULE = "chunkedbuffer.test.vectorModule";

  @Test
  void vectorisedSearchIsOnExactlyWithTheIncubatorModuleOnJdk21OrNewer() {
    boolean module = ModuleLayer.boot().findModule(Vectorization.MODULE).isPresent();
    if (Boolean.getBoolean(REQUIRE_MODULE)) {
      assertTrue(module, "this test execution must run with --add-modules " + Vectorization.MODULE);
    }
    boolean expected = module && Runtime.version().feature() >= Vectorization.MIN_FEATURE;
    assertEquals(
        expected,
        Vectorization.enabled(),
        "module " + module + ", JDK " + Runtime.version() + ", " + Vectorization.BYTES + " bytes");
    if (expected) {
      assertTrue(Vectorization.BYTES >= Vectorization.MIN_BYTES, "bytes " + Vectorization.BYTES);
    } else {
      assertEquals(0, Vectorization.BYTES);
    }
  }
}
