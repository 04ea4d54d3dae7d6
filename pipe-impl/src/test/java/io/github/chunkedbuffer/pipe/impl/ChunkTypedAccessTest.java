package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Chunk}'s typed getters against {@link ByteBuffer}'s own, at every index, for the three
 * kinds of memory a pool may lend: a heap buffer, a heap buffer that starts inside its array, and a
 * direct buffer.
 */
class ChunkTypedAccessTest {

  private static final int SIZE = 37;

  @ParameterizedTest
  @ValueSource(strings = {"heap", "sliced heap", "direct"})
  void typedGettersAgreeWithByteBufferAtEveryIndex(String kind) {
    CountingPool pool =
        switch (kind) {
          case "heap" -> new CountingPool();
          case "sliced heap" -> CountingPool.slicedHeap(5);
          default -> new CountingPool(0, true);
        };
    ByteBuffer buffer = pool.acquire(SIZE);
    byte[] bytes = new byte[SIZE];
    new Random(SIZE).nextBytes(bytes);
    buffer.duplicate().put(bytes);
    Chunk chunk = new Chunk(pool, buffer, SIZE, 0, false);
    chunk.writeIndex = SIZE;
    ByteBuffer big = ByteBuffer.wrap(bytes);
    ByteBuffer little = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < SIZE; i++) {
      assertEquals(big.get(i), chunk.get(i), "get(" + i + ")");
      if (i <= SIZE - 2) {
        assertEquals(big.getShort(i), chunk.getShort(i), "getShort(" + i + ")");
        assertEquals(little.getShort(i), chunk.getShortLE(i), "getShortLE(" + i + ")");
      }
      if (i <= SIZE - 4) {
        assertEquals(big.getInt(i), chunk.getInt(i), "getInt(" + i + ")");
        assertEquals(little.getInt(i), chunk.getIntLE(i), "getIntLE(" + i + ")");
      }
      if (i <= SIZE - 8) {
        assertEquals(big.getLong(i), chunk.getLong(i), "getLong(" + i + ")");
        assertEquals(little.getLong(i), chunk.getLongLE(i), "getLongLE(" + i + ")");
      }
    }
    chunk.releaseByPipe();
    pool.assertAllReturned();
  }
}
