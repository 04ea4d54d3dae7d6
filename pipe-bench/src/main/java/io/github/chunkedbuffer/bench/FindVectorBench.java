package io.github.chunkedbuffer.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload "find" with our vectorised search: {@link FindBench#ours}'s search of the same data, in
 * forks started with {@code --add-modules jdk.incubator.vector}, which turns on pipe-impl's Vector
 * API search of heap chunks on JDK 21+ (the default pool here is {@code heap}). Compare it with
 * {@code FindBench}, whose forks run without the module: the peers and limits there do not depend
 * on the flag.
 *
 * <p>The flag goes in {@code @Fork(jvmArgs)}, which a command-line {@code -jvmArgs} would replace
 * (the inherited {@code jvmArgsAppend} and a command-line {@code -jvmArgsPrepend} are kept). On
 * JDK 17 to 20 the trial fails rather than measure SWAR under this name: exclude the class there
 * ({@code -e FindVectorBench}).
 */
@Fork(jvmArgs = "--add-modules=jdk.incubator.vector")
public class FindVectorBench extends AbstractBench {

  /** Fails the trial when this fork cannot run our vectorised search. */
  @State(Scope.Thread)
  public static class VectorOn {
    @Setup(Level.Trial)
    public void check() {
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        throw new IllegalStateException(
            "this fork lacks --add-modules jdk.incubator.vector (a command-line -jvmArgs replaces"
                + " the @Fork(jvmArgs) that adds it)");
      }
      int feature = Runtime.version().feature();
      if (feature < 21) {
        throw new IllegalStateException(
            "the vectorised search needs JDK 21+, this fork runs JDK "
                + feature
                + "; exclude FindVectorBench (-e FindVectorBench)");
      }
    }
  }

  @Benchmark
  public long ours_vector(FindBench.Data d, FindBench.Ours s, VectorOn on) {
    return FindBench.searchOurs(d, s, "ours (vector)");
  }
}
