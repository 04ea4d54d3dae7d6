package io.github.chunkedbuffer.tests.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ChunkPools;
import io.github.chunkedbuffer.pipe.spi.ChunkPoolProvider;
import io.github.chunkedbuffer.tests.ChildJvm;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link ChunkPoolProvider} whose {@code name()} or {@code priority()} throws is skipped with a
 * warning and hides none of the others. Checked in a child JVM on the class path, with the broken
 * providers registered by a services file written to a temporary directory, because the provider
 * registry is read once per JVM and the other tests share this one's.
 */
class BrokenPoolProviderTest {

  @TempDir Path services;

  @Test
  void providersWhoseNameOrPriorityThrowsAreSkippedAndLoggedWithoutHidingTheOthers()
      throws Exception {
    Path file = services.resolve("META-INF/services/" + ChunkPoolProvider.class.getName());
    Files.createDirectories(file.getParent());
    Files.write(
        file,
        List.of(
            ProviderProbe.NameThrows.class.getName(),
            ProviderProbe.PriorityThrows.class.getName(),
            ProviderProbe.GoodProvider.class.getName()),
        StandardCharsets.UTF_8);

    ChildJvm child = runProbe(services);

    assertEquals(0, child.exitCode, child::describe);
    assertTrue(
        child.stdout.contains("names=[heap, direct, thread-local, probe, unpooled]"),
        child::describe);
    assertTrue(child.stdout.contains("probe=unpooled"), child::describe);
    assertTrue(
        child.stderr.contains(
            "skipping chunk pool provider " + ProviderProbe.NameThrows.class.getName()),
        child::describe);
    assertTrue(child.stderr.contains("name() of a broken provider"), child::describe);
    assertTrue(
        child.stderr.contains(
            "skipping chunk pool provider " + ProviderProbe.PriorityThrows.class.getName()),
        child::describe);
    assertTrue(child.stderr.contains("priority() of a broken provider"), child::describe);
  }

  @Test
  void thisJvmListsExactlyTheShippedPoolsHighestPriorityFirst() {
    assertEquals(List.of("heap", "direct", "thread-local", "unpooled"), ChunkPools.names());
  }

  /** Runs {@link ProviderProbe} on this JVM's class path plus {@code extra}. */
  private static ChildJvm runProbe(Path extra) throws Exception {
    return ChildJvm.run(
        extra,
        List.of(
            "-cp",
            extra + File.pathSeparator + ChildJvm.classPath(ProviderProbe.class),
            ProviderProbe.class.getName()));
  }
}
