package io.github.chunkedbuffer.pipe.impl;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Byte search over a {@code byte[]} with the Vector API: compare a whole vector of bytes with the
 * needle at once and take the first lane that matched.
 *
 * <p>This is the only class that names {@code jdk.incubator.vector}. Nothing may load it unless
 * {@link Vectorization} has found that module and turned the vectorised search on: loading it
 * without the module fails with a {@link LinkageError}. {@link Chunk#indexOf} calls it for heap
 * chunks only: the incubator API loads from a direct buffer with {@code fromByteBuffer} up to JDK
 * 19 and only with {@code fromMemorySegment} from JDK 20 on, so no call compiled against JDK 17's
 * API (as this class is) links on 21+, and direct chunks stay on SWAR.
 *
 * <p>There is no scalar tail: a range of at least one vector ends with a vector that overlaps the
 * bytes already scanned. Those bytes held no match (or the scan would have stopped), so the first
 * match in it is the first of the range.
 */
final class VectorByteSearch {
  private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;

  /** Bytes per vector: the shortest range {@link #indexOf} accepts. */
  static final int BYTES = SPECIES.length();

  private VectorByteSearch() {}

  /** Returns a description of the vectors in use, for the log. */
  static String species() {
    return SPECIES.toString();
  }

  /**
   * Returns the index in {@code a} of the first {@code b} in {@code a[from, to)}, or -1. Requires
   * {@code to - from >= BYTES} and {@code 0 <= from <= to <= a.length}.
   *
   * <p>Long stretches go two vectors per step, testing only whether either matched; then at most
   * one more whole vector, then the overlapping last one.
   */
  static int indexOf(byte[] a, int from, int to, byte b) {
    int i = from;
    for (; i <= to - 2 * BYTES; i += 2 * BYTES) {
      VectorMask<Byte> first = ByteVector.fromArray(SPECIES, a, i).eq(b);
      VectorMask<Byte> second = ByteVector.fromArray(SPECIES, a, i + BYTES).eq(b);
      if (first.or(second).anyTrue()) {
        return first.anyTrue() ? i + first.firstTrue() : i + BYTES + second.firstTrue();
      }
    }
    if (i <= to - BYTES) {
      VectorMask<Byte> hits = ByteVector.fromArray(SPECIES, a, i).eq(b);
      if (hits.anyTrue()) {
        return i + hits.firstTrue();
      }
      i += BYTES;
    }
    if (i < to) {
      int last = to - BYTES;
      VectorMask<Byte> hits = ByteVector.fromArray(SPECIES, a, last).eq(b);
      if (hits.anyTrue()) {
        return last + hits.firstTrue();
      }
    }
    return -1;
  }
}
