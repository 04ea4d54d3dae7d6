package io.github.chunkedbuffer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application module that {@code requires io.github.chunkedbuffer.pool.core}, compiled here and
 * run on the module path, builds a heap pool, and a thread-local pool in front of a direct pool,
 * with limits of its own, registers nothing, and runs pipes over them. Only the API, the implementation and the
 * pool core are on the module path: no pool module is needed to build pools in code.
 */
class PoolsInCodeTest {

  private static final String MODULE_INFO =
      """
      module app {
        requires io.github.chunkedbuffer.pipe;
        requires io.github.chunkedbuffer.pool.core;
      }
      """;

  private static final String APP =
      """
      package app;

      import io.github.chunkedbuffer.pipe.ByteSequence;
      import io.github.chunkedbuffer.pipe.ChunkPool;
      import io.github.chunkedbuffer.pipe.ChunkPools;
      import io.github.chunkedbuffer.pipe.Pipe;
      import io.github.chunkedbuffer.pipe.PoolStats;
      import io.github.chunkedbuffer.pool.core.SizeClassPools;
      import io.github.chunkedbuffer.pool.core.ThreadLocalPools;
      import java.util.Arrays;
      import java.util.SplittableRandom;

      public final class InCodePools {
        public static void main(String[] args) throws Exception {
          ChunkPool heap =
              SizeClassPools.heap().name("app-heap").maxPooledBytes(256 << 10).stripes(2).build();
          ChunkPool shared =
              SizeClassPools.direct().name("app-direct").maxPooledBytes(512 << 10).stripes(1).build();
          ChunkPool cached =
              ThreadLocalPools.builder(shared)
                  .name("app-cached")
                  .bytesPerThread(64 << 10)
                  .maxCaches(2)
                  .build();
          for (int round = 0; round < 4; round++) {
            roundTrip(heap, round);
            roundTrip(cached, 100 + round);
          }
          print(heap);
          print(cached);
          print(shared);
          System.out.println("registered " + ChunkPools.names());
        }

        static void roundTrip(ChunkPool pool, long seed) throws Exception {
          byte[] sent = new byte[300_000];
          new SplittableRandom(seed).nextBytes(sent);
          try (Pipe pipe = Pipe.builder().pool(pool).maxChunkSize(16 << 10).build()) {
            for (int at = 0; at < sent.length; at += 5000) {
              pipe.write(sent, at, Math.min(5000, sent.length - at));
            }
            pipe.eof();
            byte[] head = pipe.readExact(sent.length / 2);
            byte[] tail;
            try (ByteSequence rest = pipe.readExactZeroCopy(sent.length - head.length)) {
              tail = rest.toByteArray();
            }
            if (!Arrays.equals(sent, 0, head.length, head, 0, head.length)
                || !Arrays.equals(sent, head.length, sent.length, tail, 0, tail.length)) {
              throw new AssertionError(pool.name() + ": the bytes read differ from those written");
            }
          }
        }

        static void print(ChunkPool pool) {
          PoolStats s = pool.stats();
          System.out.println(pool.name() + " outstanding=" + s.outstanding() + " hits=" + s.hits()
              + " pooledBytes=" + s.pooledBytes());
        }
      }
      """;

  private static long value(String output, String pool, String key) {
    Matcher m = Pattern.compile(pool + " .*\\b" + key + "=(\\d+)").matcher(output);
    assertTrue(m.find(), "no " + key + " of " + pool + " in:\n" + output);
    return Long.parseLong(m.group(1));
  }

  @Test
  void applicationBuildsBoundedHeapAndThreadLocalPoolsInCodeAndRunsPipesOverThem(
      @TempDir Path dir) throws Exception {
    Path app =
        ProbeModules.compile(
            dir,
            MODULE_INFO,
            "app.InCodePools",
            APP,
            "io.github.chunkedbuffer.pipe",
            "io.github.chunkedbuffer.pool.core");
    String output =
        ProbeModules.run(
            List.of(),
            app,
            "app/app.InCodePools",
            "io.github.chunkedbuffer.pipe",
            "io.github.chunkedbuffer.pipe.impl",
            "io.github.chunkedbuffer.pool.core");

    assertEquals(0, value(output, "app-heap", "outstanding"), output);
    assertTrue(value(output, "app-heap", "hits") > 0, "the heap pool reused buffers:\n" + output);
    long heapKept = value(output, "app-heap", "pooledBytes");
    assertTrue(heapKept > 0 && heapKept <= 256 << 10, "kept within its 256 KiB:\n" + output);

    assertEquals(0, value(output, "app-cached", "outstanding"), output);
    assertTrue(value(output, "app-cached", "hits") > 0, "the thread's cache served:\n" + output);
    long cacheKept = value(output, "app-cached", "pooledBytes");
    assertTrue(cacheKept > 0 && cacheKept <= 64 << 10, "one cache within 64 KiB:\n" + output);

    // The buffers in the thread's cache are lent, as the direct pool behind it sees them.
    assertTrue(value(output, "app-direct", "outstanding") > 0, output);
    assertTrue(value(output, "app-direct", "pooledBytes") <= 512 << 10, output);

    assertTrue(output.contains("registered [unpooled]"), "nothing was registered:\n" + output);
  }
}
