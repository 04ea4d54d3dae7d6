package io.github.chunkedbuffer.pipe.impl;

/**
 * Searches the unread bytes of a {@link ChunkQueue} in place, across chunk boundaries, without
 * copying or allocating. Positions are stream positions (see {@link ChunkQueue}).
 *
 * <p>A pattern is found by scanning for its first byte ({@link Chunk#indexOf}: eight bytes at a
 * time, or a whole vector when {@link Vectorization} turned the Vector API on) and comparing the
 * rest at each candidate, following the chunk links when the pattern straddles chunks. Work is linear in the bytes scanned for a given pattern length.
 */
final class Search {
  private Search() {}

  /**
   * Returns the stream position of the first {@code pattern} lying wholly inside {@code [from, to)},
   * or -1. Requires {@code readPosition <= from} and {@code to <= writePosition}, and a non-empty
   * pattern.
   */
  static long indexOf(ChunkQueue queue, byte[] pattern, long from, long to) {
    long lastStart = to - pattern.length;
    return from > lastStart ? -1 : scan(queue.locate(from), pattern[0], pattern, from, lastStart);
  }

  /** Returns the stream position of the first {@code b} in {@code [from, to)}, or -1. */
  static long indexOf(ChunkQueue queue, byte b, long from, long to) {
    return from >= to ? -1 : scan(queue.locate(from), b, null, from, to - 1);
  }

  /**
   * {@link #indexOf(ChunkQueue, byte[], long, long)} over bytes that run along the links from
   * {@code c}, a chunk at or before position {@code from}: the range of a view. Every chunk up to
   * position {@code to} must be held, so that its {@code start} and bytes stay put.
   */
  static long indexOf(Chunk c, byte[] pattern, long from, long to) {
    return scan(c, pattern[0], pattern, from, to - pattern.length);
  }

  /** {@link #indexOf(ChunkQueue, byte, long, long)} from chunk {@code c}, as the overload above. */
  static long indexOf(Chunk c, byte b, long from, long to) {
    return scan(c, b, null, from, to - 1);
  }

  /**
   * Scans for {@code first} at positions {@code [from, lastStart]}, accepting a hit when {@code
   * pattern} is {@code null} or the rest of it follows.
   */
  private static long scan(Chunk at, byte first, byte[] pattern, long from, long lastStart) {
    if (from > lastStart) {
      return -1;
    }
    Chunk c = at;
    while (from >= c.start + c.writeIndex) {
      c = c.next;
    }
    int i = (int) (from - c.start);
    while (c != null) {
      long chunkStart = c.start;
      if (chunkStart + i > lastStart) {
        return -1;
      }
      int end = (int) Math.min(c.writeIndex, lastStart - chunkStart + 1);
      while (i < end) {
        int hit = c.indexOf(first, i, end);
        if (hit < 0) {
          break;
        }
        if (pattern == null || matchesAt(c, hit + 1, pattern, 1)) {
          return chunkStart + hit;
        }
        i = hit + 1;
      }
      c = c.next;
      i = 0;
    }
    return -1;
  }

  /**
   * Whether {@code pattern[from..]} lies at index {@code at} of chunk {@code c}. The index may lie
   * past the chunk's {@code writeIndex}: the bytes run on at index 0 of the next chunk (only the
   * first chunk of a range starts at an offset). The bytes compared must exist.
   */
  static boolean matchesAt(Chunk c, long at, byte[] pattern, int from) {
    Chunk chunk = c;
    long i = at;
    for (int j = from; j < pattern.length; j++, i++) {
      while (i >= chunk.writeIndex) {
        i -= chunk.writeIndex;
        chunk = chunk.next;
      }
      if (chunk.get((int) i) != pattern[j]) {
        return false;
      }
    }
    return true;
  }
}
