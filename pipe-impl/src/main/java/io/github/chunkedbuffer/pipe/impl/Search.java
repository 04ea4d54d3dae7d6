package io.github.chunkedbuffer.pipe.impl;

/**
 * Searches the unread bytes of a {@link ChunkQueue} in place, across chunk boundaries, without
 * copying or allocating. Positions are stream positions (see {@link ChunkQueue}).
 *
 * <p>A pattern is found by scanning for its first byte eight bytes at a time ({@link
 * Chunk#indexOf}) and comparing the rest at each candidate, following the chunk links when the
 * pattern straddles chunks. Work is linear in the bytes scanned for a given pattern length.
 */
final class Search {
  private Search() {}

  /**
   * Returns the stream position of the first {@code pattern} lying wholly inside {@code [from, to)},
   * or -1. Requires {@code readPosition <= from} and {@code to <= writePosition}, and a non-empty
   * pattern.
   */
  static long indexOf(ChunkQueue queue, byte[] pattern, long from, long to) {
    return scan(queue, pattern[0], pattern, from, to - pattern.length);
  }

  /** Returns the stream position of the first {@code b} in {@code [from, to)}, or -1. */
  static long indexOf(ChunkQueue queue, byte b, long from, long to) {
    return scan(queue, b, null, from, to - 1);
  }

  /**
   * Scans for {@code first} at positions {@code [from, lastStart]}, accepting a hit when {@code
   * pattern} is {@code null} or the rest of it follows.
   */
  private static long scan(ChunkQueue queue, byte first, byte[] pattern, long from, long lastStart) {
    if (from > lastStart) {
      return -1;
    }
    Chunk c = queue.locate(from);
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
        if (pattern == null || restMatches(c, hit, pattern)) {
          return chunkStart + hit;
        }
        i = hit + 1;
      }
      c = c.next;
      i = 0;
    }
    return -1;
  }

  /** Whether {@code pattern[1..]} follows the byte at {@code index} of {@code c}. */
  private static boolean restMatches(Chunk c, int index, byte[] pattern) {
    Chunk chunk = c;
    int at = index + 1;
    for (int j = 1; j < pattern.length; j++, at++) {
      while (at >= chunk.writeIndex) {
        at -= chunk.writeIndex;
        chunk = chunk.next;
        at += chunk.readIndex;
      }
      if (chunk.get(at) != pattern[j]) {
        return false;
      }
    }
    return true;
  }
}
