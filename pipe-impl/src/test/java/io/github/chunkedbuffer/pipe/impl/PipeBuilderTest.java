package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ChunkPools;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PipeBuilderTest extends PipeTestSupport {

  @Test
  void minLargerThanMaxIsRejectedNamingBoth() {
    Pipe.Builder builder = Pipe.builder().pool(pool).minChunkSize(64).maxChunkSize(32);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().contains("64") && e.getMessage().contains("32"), e.getMessage());
    assertEquals(0, pool.acquired());
  }

  @Test
  void boundsBelowOneAreRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> Pipe.builder().pool(pool).minChunkSize(0).build());
    assertThrows(
        IllegalArgumentException.class, () -> Pipe.builder().pool(pool).maxChunkSize(0).build());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Pipe.builder().pool(pool).minChunkSize(-7).maxChunkSize(16).build());
    assertTrue(e.getMessage().contains("-7"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Pipe.builder().pool(pool).minChunkSize(1).maxChunkSize(-1).build());
  }

  @Test
  void minEqualToMaxIsAllowed() throws IOException {
    Pipe pipe = pipe(3, 3);
    write(pipe, "abcdefg");
    assertContent("abcdefg", pipe.read());
  }

  @Test
  void settingOnlyMaxBelowTheDefaultMinMovesTheMinDown() {
    Pipe pipe = track(Pipe.builder().pool(pool).maxChunkSize(8).build());
    ByteBuffer buffer = pipe.getBuffer();
    assertTrue(buffer.remaining() >= 1 && buffer.remaining() <= 8, "remaining " + buffer.remaining());
    for (int size : pool.requested()) {
      assertTrue(size <= 8, "requested " + pool.requested());
    }
  }

  @Test
  void settingOnlyMinAboveTheDefaultMaxMovesTheMaxUp() throws IOException {
    int min = Pipe.Builder.DEFAULT_MAX_CHUNK_SIZE * 2;
    Pipe pipe = track(Pipe.builder().pool(pool).minChunkSize(min).build());
    write(pipe, "x");
    assertTrue(pool.requested().get(0) >= min, "requested " + pool.requested());
    assertContent("x", pipe.read());
  }

  @Test
  void unknownPoolNameIsRejectedListingTheNamesFound() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Pipe.builder().pool("no-such-pool").build());
    assertTrue(e.getMessage().contains("no-such-pool"), e.getMessage());
    for (String name : ChunkPools.names()) {
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
  }

  @Test
  void namedBuiltInUnpooledPoolWorks() throws IOException {
    try (Pipe pipe = Pipe.builder().pool(ChunkPools.UNPOOLED).build()) {
      write(pipe, "hello");
      assertContent("hello", pipe.read());
    }
  }

  @Test
  void createGivesAWorkingPipe() throws IOException {
    try (Pipe pipe = Pipe.create()) {
      write(pipe, "hello\n");
      assertContent("hello\n", pipe.readUntil(bytes("\n")));
      assertEquals(0, pipe.length());
    }
  }

  @Test
  void aBuilderBuildsIndependentPipes() throws IOException {
    Pipe.Builder builder = Pipe.builder().pool(pool).minChunkSize(2).maxChunkSize(2);
    Pipe a = track(builder.build());
    Pipe b = track(builder.build());
    write(a, "aaa");
    write(b, "bb");
    assertContent("aaa", a.read());
    assertContent("bb", b.read());
  }

  @Test
  void buildTakesChunksFromTheGivenPool() {
    Pipe pipe = pipe(16, 16);
    write(pipe, "abc");
    assertTrue(pool.acquired() >= 1);
    assertEquals(16, pool.requested().get(0));
  }

  @Test
  void nullPoolIsRejected() {
    assertThrows(
        NullPointerException.class,
        () -> Pipe.builder().pool((io.github.chunkedbuffer.pipe.ChunkPool) null));
    assertThrows(NullPointerException.class, () -> Pipe.builder().pool((String) null));
  }
}
