package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Chunk#indexOf} (vectorised for heap chunks when {@link Vectorization} turned it on, which
 * the {@code vector-search} test execution on JDK 21+ does), {@link Chunk#swarIndexOf} and a naive
 * loop must agree on every range, for heap chunks at array offset 0 and at an offset inside a larger
 * array, and for direct chunks.
 */
class ChunkIndexOfTest {

  /** Every start offset within the widest vector there is (512 bits). */
  private static final int ALIGNMENTS = 64;

  /** Range lengths 0..MAX_LENGTH: below, at and past one, two and three vectors of any width. */
  private static final int MAX_LENGTH = 200;

  private static final byte NEEDLE = 0;

  /** How the chunk's memory is allocated. */
  enum Memory {
    HEAP {
      @Override
      ByteBuffer allocate(int size) {
        return ByteBuffer.allocate(size);
      }
    },
    /** A slice of a larger array: index 0 of the chunk is index 13 of the array. */
    HEAP_AT_OFFSET {
      @Override
      ByteBuffer allocate(int size) {
        ByteBuffer slice = ByteBuffer.allocate(size + 20).position(13).slice();
        assertEquals(13, slice.arrayOffset());
        return slice.limit(size);
      }
    },
    DIRECT {
      @Override
      ByteBuffer allocate(int size) {
        return ByteBuffer.allocateDirect(size);
      }
    };

    abstract ByteBuffer allocate(int size);
  }

  @ParameterizedTest
  @EnumSource(Memory.class)
  void allSearchesFindTheFirstMatchAtEveryAlignmentLengthAndPosition(Memory memory) {
    int size = ALIGNMENTS + MAX_LENGTH + 1;
    byte[] data = new byte[size];
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < size; i++) {
      data[i] = (byte) random.nextInt(1, 256); // anything but the needle
    }
    Mirror m = new Mirror(memory, data);
    for (int from = 0; from < ALIGNMENTS; from++) {
      for (int to = from; to <= from + MAX_LENGTH; to++) {
        // needles right outside the range must not be seen
        if (from > 0) {
          m.set(from - 1, NEEDLE);
        }
        m.set(to, NEEDLE);
        m.check(NEEDLE, from, to);
        for (int at = from; at < to; at++) {
          m.set(at, NEEDLE);
          m.set(to - 1, NEEDLE); // a later match must not win
          m.check(NEEDLE, from, to);
          m.restore(at);
          m.restore(to - 1);
        }
        if (from > 0) {
          m.restore(from - 1);
        }
        m.restore(to);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Memory.class)
  void allSearchesAgreeOnRandomDataRangesAndBytes(Memory memory) {
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 200; round++) {
      int size = random.nextInt(1, 2048);
      int alphabet = random.nextInt(1, 257); // small alphabets give many matches
      byte[] data = new byte[size];
      for (int i = 0; i < size; i++) {
        data[i] = (byte) random.nextInt(alphabet);
      }
      Mirror m = new Mirror(memory, data);
      for (int search = 0; search < 200; search++) {
        int from = random.nextInt(size + 1);
        int to = random.nextInt(from, size + 1);
        m.check((byte) random.nextInt(256), from, to);
      }
    }
  }

  /** A chunk holding the bytes of {@link #data}, kept equal to it. */
  private static final class Mirror {
    final byte[] data;
    final byte[] original;
    final ByteBuffer buffer;
    final Chunk chunk;

    Mirror(Memory memory, byte[] data) {
      this.data = data;
      this.original = data.clone();
      this.buffer = memory.allocate(data.length);
      this.chunk = new Chunk(new CountingPool(), buffer, data.length, 0, false);
      chunk.append(data, 0, data.length);
    }

    void set(int index, byte value) {
      data[index] = value;
      buffer.put(index, value);
    }

    void restore(int index) {
      set(index, original[index]);
    }

    void check(byte b, int from, int to) {
      int expected = -1;
      for (int i = from; i < to; i++) {
        if (data[i] == b) {
          expected = i;
          break;
        }
      }
      int swar = chunk.swarIndexOf(b, from, to);
      int chosen = chunk.indexOf(b, from, to);
      if (swar != expected || chosen != expected) {
        fail(
            "byte "
                + b
                + " in ["
                + from
                + ", "
                + to
                + ") of "
                + data.length
                + " bytes: naive "
                + expected
                + ", SWAR "
                + swar
                + ", indexOf "
                + chosen
                + " (vectorised: "
                + Vectorization.enabled()
                + ")");
      }
    }
  }
}
