package io.github.chunkedbuffer.pipe.impl;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides once, when the first chunk is made, whether {@link Chunk#indexOf} searches heap chunks
 * with the Vector API ({@link VectorByteSearch}) or with SWAR.
 *
 * <p>The Vector API is still an incubator module, which a JVM resolves only when asked to with
 * {@code --add-modules jdk.incubator.vector}. This module does not require it (that would force
 * the flag, and the JVM's incubator warning, on every user); it looks for the module in its own
 * layer or the boot layer instead, and only when it is there does it read it ({@link
 * Module#addReads}) and load {@link VectorByteSearch}. Without the module nothing is loaded, logged
 * or printed, and the search is the same SWAR loop as on JDK 17.
 *
 * <p>With the module, the vectorised search is turned on when all of these hold; otherwise it
 * stays off, and a {@code DEBUG} record on the logger {@code io.github.chunkedbuffer.pipe} says
 * which one failed (a {@code WARNING} for an invalid property value or a failure to load):
 *
 * <ul>
 *   <li>the system property {@value #PROPERTY} is unset or {@code true}; {@code false} opts out;
 *   <li>the runtime is JDK {@value #MIN_FEATURE} or newer: the incubator API exists since 16, but
 *       its masks ({@code anyTrue}, {@code firstTrue}) were not all compiled to single instructions
 *       before, and the project promises the Vector API from 21 on;
 *   <li>the JVM has HotSpot's optimising compiler working ({@code java.vm.info} shows neither
 *       interpreted mode nor {@code -XX:TieredStopAtLevel=1}'s emulated client, and {@code
 *       sun.management.compiler} names HotSpot): interpreted or C1-compiled vector code allocates
 *       an object per vector and is many times slower than SWAR;
 *   <li>the preferred vectors hold at least {@value #MIN_BYTES} bytes; a CPU or {@code
 *       -XX:MaxVectorSize} that gives less would not beat eight-byte SWAR words.
 * </ul>
 */
final class Vectorization {

  /** The opt-out system property: {@code false} keeps the SWAR search even with the module. */
  static final String PROPERTY = "io.github.chunkedbuffer.vector";

  /** The module that must be in the boot layer (or this module's layer). */
  static final String MODULE = "jdk.incubator.vector";

  /** The first Java feature release on which the vectorised search may run. */
  static final int MIN_FEATURE = 21;

  /** The fewest bytes per vector worth using. */
  static final int MIN_BYTES = 16;

  /** Bytes per vector of the vectorised search of heap chunks, or 0 when it is off. */
  static final int BYTES = decide();

  private Vectorization() {}

  /** Whether heap chunks are searched with {@link VectorByteSearch}. */
  static boolean enabled() {
    return BYTES != 0;
  }

  /**
   * Logs on {@code io.github.chunkedbuffer.pipe}. The logger is looked up only here, so that a JVM
   * without the module never starts a logging backend on our account.
   */
  private static void log(Level level, String format, Object... args) {
    System.getLogger("io.github.chunkedbuffer.pipe").log(level, format, args);
  }

  private static int decide() {
    Module self = Vectorization.class.getModule();
    Optional<Module> vector =
        Optional.ofNullable(self.getLayer()).orElse(ModuleLayer.boot()).findModule(MODULE);
    if (vector.isEmpty()) {
      return 0; // not asked for: say nothing
    }
    String refusal = refusal();
    if (refusal != null) {
      log(Level.DEBUG, "vectorised byte search off: {0}; searching with SWAR", refusal);
      return 0;
    }
    self.addReads(vector.get());
    int bytes;
    String species;
    try {
      bytes = VectorByteSearch.BYTES;
      species = VectorByteSearch.species();
    } catch (LinkageError e) {
      System.getLogger("io.github.chunkedbuffer.pipe")
          .log(Level.WARNING, "vectorised byte search off: " + MODULE + " failed to load", e);
      return 0;
    }
    if (bytes < MIN_BYTES) {
      log(
          Level.DEBUG,
          "vectorised byte search off: preferred vectors {0} hold fewer than {1} bytes; searching"
              + " with SWAR",
          species,
          MIN_BYTES);
      return 0;
    }
    log(Level.DEBUG, "vectorised byte search on: {0} (heap chunks)", species);
    return bytes;
  }

  /** Returns why the vectorised search must stay off, or {@code null} if nothing forbids it. */
  private static String refusal() {
    String setting = System.getProperty(PROPERTY);
    if (setting != null && !setting.equalsIgnoreCase("true")) {
      if (setting.equalsIgnoreCase("false")) {
        return PROPERTY + "=false";
      }
      log(
          Level.WARNING,
          "system property {0}=''{1}'' is neither true nor false; the vectorised byte search"
              + " stays off",
          PROPERTY,
          setting);
      return PROPERTY + "='" + setting + "' is not true";
    }
    int feature = Runtime.version().feature();
    if (feature < MIN_FEATURE) {
      return "JDK " + feature + " is older than " + MIN_FEATURE;
    }
    String info = System.getProperty("java.vm.info", "").toLowerCase(Locale.ROOT);
    String compiler = System.getProperty("sun.management.compiler", "");
    if (info.contains("interpreted") || info.contains("emulated-client")) {
      return "no optimising JIT compiler (java.vm.info: " + info + ")";
    }
    if (!compiler.contains("HotSpot")) {
      return "not HotSpot's JIT compilers (sun.management.compiler: '" + compiler + "')";
    }
    return null;
  }
}
