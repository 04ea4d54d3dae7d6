package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipeFindTest extends PipeTestSupport {

  // ------------------------------------------------------------------ findByte

  @Test
  void findByteGivesTheFirstIndexAcrossChunks() {
    Pipe pipe = pipe(3);
    write(pipe, "abcabcXabcX");
    assertEquals(6, pipe.findByte((byte) 'X'));
    assertEquals(0, pipe.findByte((byte) 'a'));
    assertEquals(-1, pipe.findByte((byte) 'Z'));
    assertEquals(10, pipe.findByte((byte) 'X', 7, 11));
    assertEquals(11, pipe.length());
  }

  @Test
  void findByteOnlyLooksInsideTheWindow() {
    Pipe pipe = pipe(2);
    write(pipe, "..X..X..");
    assertEquals(2, pipe.findByte((byte) 'X', 0, 3));
    assertEquals(-1, pipe.findByte((byte) 'X', 0, 2));
    assertEquals(5, pipe.findByte((byte) 'X', 3, 8));
    assertEquals(-1, pipe.findByte((byte) 'X', 3, 5));
    assertEquals(5, pipe.findByte((byte) 'X', 5, 6));
  }

  @Test
  void findByteClampsAnEndPastTheData() {
    Pipe pipe = pipe(2);
    write(pipe, "abcdeX");
    assertEquals(5, pipe.findByte((byte) 'X', 0, 1000));
    assertEquals(5, pipe.findByte((byte) 'X', 1, Long.MAX_VALUE));
    assertEquals(-1, pipe.findByte((byte) 'Q', 0, Long.MAX_VALUE));
  }

  @Test
  void findByteWithNegativeStartIsRejectedNamingIt() {
    Pipe pipe = pipe();
    write(pipe, "abc");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pipe.findByte((byte) 'a', -1, 3));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pipe.findByte((byte) 'a', -5, -10));
    assertThrows(
        IllegalArgumentException.class, () -> pipe.findByte((byte) 'a', Long.MIN_VALUE, 3));
  }

  @Test
  void findByteWithEmptyWindowFindsNothing() {
    Pipe pipe = pipe();
    write(pipe, "aaaa");
    assertEquals(-1, pipe.findByte((byte) 'a', 2, 2));
    assertEquals(-1, pipe.findByte((byte) 'a', 3, 1));
    assertEquals(-1, pipe.findByte((byte) 'a', 0, -1));
    assertEquals(-1, pipe.findByte((byte) 'a', 0, Long.MIN_VALUE));
    assertEquals(-1, pipe.findByte((byte) 'a', 4, 10));
    assertEquals(-1, pipe.findByte((byte) 'a', 100, 200));
    assertEquals(-1, pipe.findByte((byte) 'a', Long.MAX_VALUE, Long.MAX_VALUE));
  }

  @Test
  void findByteOnAnEmptyPipeFindsNothing() {
    Pipe pipe = pipe();
    assertEquals(-1, pipe.findByte((byte) 0));
    assertEquals(-1, pipe.findByte((byte) 0, 0, 10));
  }

  @Test
  void findByteIsRelativeToTheReadPosition() throws IOException {
    Pipe pipe = pipe(3);
    write(pipe, "xxxxaxxa");
    assertEquals(4, pipe.findByte((byte) 'a'));
    assertEquals(5, pipe.skip(5));
    assertEquals(2, pipe.findByte((byte) 'a'));
    assertEquals(2, pipe.findByte((byte) 'a', 1, 3));
  }

  @Test
  void findByteWithoutTheByteInMuchDataIsMinusOneThenFindsItAtTheEnd() {
    Pipe pipe = pipe(64, 4096);
    byte[] data = pattern(200_000, 7);
    pipe.write(data);
    assertEquals(-1, pipe.findByte((byte) 7));
    assertEquals(-1, pipe.findByte((byte) -1));
    pipe.write(new byte[] {7});
    assertEquals(200_000, pipe.findByte((byte) 7));
    assertEquals(199_997, pipe.findByte((byte) 0, 199_991, 200_001));
  }

  /** Chunk sizes around the 8-byte words a SWAR search reads, with odd read offsets. */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 8, 9, 15, 16, 17, 64})
  void findByteFindsTheByteAtEveryPosition(int chunk) throws IOException {
    Random random = new Random(chunk);
    int[] targets = {0x00, 0x01, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 0x0A, random.nextInt(256)};
    for (int target : targets) {
      byte b = (byte) target;
      for (int skip : new int[] {0, 1, 3, 7}) {
        for (int pos = 0; pos < 80; pos++) {
          Pipe pipe = pipe(chunk);
          byte[] data = new byte[skip + 90];
          for (int i = 0; i < data.length; i++) {
            // every other byte value, including b's neighbours that fool sloppy bit tricks
            int v;
            do {
              v = random.nextInt(4) == 0 ? target ^ (1 << random.nextInt(8)) : random.nextInt(256);
            } while (v == target);
            data[i] = (byte) v;
          }
          data[skip + pos] = b;
          if (pos + 5 < 90) {
            data[skip + pos + 5] = b; // a second match in the same word must not win
          }
          pipe.write(data);
          assertEquals(skip, pipe.skip(skip));
          String where = "chunk " + chunk + " byte " + target + " skip " + skip + " pos " + pos;
          assertEquals(pos, pipe.findByte(b), where);
          assertEquals(pos, pipe.findByte(b, pos, pos + 1), where);
          assertEquals(pos, pipe.findByte(b, Math.max(0, pos - 9), 1000), where);
          assertEquals(-1, pipe.findByte(b, 0, pos), where);
          long next = pipe.findByte(b, pos + 1, 1000);
          assertEquals(pos + 5 < 90 ? pos + 5 : -1, next, where);
          pipe.close();
        }
      }
    }
  }

  @Test
  void findByteSeesEveryByteValue() {
    Pipe pipe = pipe(5);
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) (255 - i);
    }
    pipe.write(all);
    for (int v = 0; v < 256; v++) {
      assertEquals(255 - v, pipe.findByte((byte) v), "byte " + v);
    }
  }

  @Test
  void findByteInDirectChunks() throws IOException {
    CountingPool direct = new CountingPool(0, true);
    try (Pipe pipe = Pipe.builder().pool(direct).minChunkSize(13).maxChunkSize(13).build()) {
      byte[] data = pattern(300, 3);
      data[77] = (byte) 0x80;
      data[250] = (byte) 0x80;
      pipe.write(data);
      assertEquals(77, pipe.findByte((byte) 0x80));
      assertEquals(250, pipe.findByte((byte) 0x80, 78, 300));
      assertEquals(2, pipe.skip(2));
      assertEquals(75, pipe.findByte((byte) 0x80));
      assertEquals(74, pipe.find(new byte[] {1, (byte) 0x80, 0}));
    }
    direct.assertAllReturned();
  }

  // ------------------------------------------------------------------ find

  @Test
  void findGivesTheFirstMatchAcrossChunks() {
    Pipe pipe = pipe(2);
    write(pipe, "xxabcxxabcd");
    assertEquals(2, pipe.find(bytes("abc")));
    assertEquals(7, pipe.find(bytes("abcd")));
    assertEquals(7, pipe.find(bytes("abc"), 3, 100));
    assertEquals(-1, pipe.find(bytes("abce")));
    assertEquals(0, pipe.find(bytes("xxabcxxabcd")));
    assertEquals(-1, pipe.find(bytes("xxabcxxabcdz")));
  }

  @Test
  void findOnlyCountsMatchesLyingWhollyInsideTheWindow() {
    Pipe pipe = pipe(3);
    write(pipe, "abcabc");
    assertEquals(-1, pipe.find(bytes("bc"), 0, 2));
    assertEquals(1, pipe.find(bytes("bc"), 0, 3));
    assertEquals(4, pipe.find(bytes("bc"), 2, 6));
    assertEquals(-1, pipe.find(bytes("bc"), 2, 5));
    assertEquals(-1, pipe.find(bytes("abc"), 1, 5));
    assertEquals(3, pipe.find(bytes("abc"), 1, 6));
  }

  @Test
  void findRestartsCorrectlyAfterAPartialMatch() {
    Pipe pipe = pipe(2);
    write(pipe, "aaaab abababc");
    assertEquals(2, pipe.find(bytes("aab")));
    assertEquals(8, pipe.find(bytes("ababc")));
    assertEquals(1, pipe.find(bytes("aaab")));
  }

  @Test
  void findClampsAnEndPastTheData() {
    Pipe pipe = pipe(2);
    write(pipe, "hello");
    assertEquals(3, pipe.find(bytes("lo"), 0, Long.MAX_VALUE));
    assertEquals(-1, pipe.find(bytes("lo!"), 0, Long.MAX_VALUE));
  }

  @Test
  void findWithNegativeStartIsRejected() {
    Pipe pipe = pipe();
    write(pipe, "abc");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pipe.find(bytes("a"), -2, 3));
    assertTrue(e.getMessage().contains("-2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pipe.find(new byte[0], -1, 3));
    assertThrows(NullPointerException.class, () -> pipe.find(null));
    assertThrows(NullPointerException.class, () -> pipe.find(null, 0, 1));
  }

  @Test
  void findWithEmptyWindowFindsNothing() {
    Pipe pipe = pipe();
    write(pipe, "abab");
    assertEquals(-1, pipe.find(bytes("ab"), 2, 2));
    assertEquals(-1, pipe.find(bytes("ab"), 2, 1));
    assertEquals(-1, pipe.find(bytes("ab"), 0, -1));
    assertEquals(-1, pipe.find(bytes("ab"), 5, 10));
  }

  @Test
  void emptyPatternOnAnEmptyPipeMatchesAtZero() {
    // find(s) is find(s, 0, length()); the empty-pattern rule (0 <= length()) is taken to win
    // over "end <= start", as String.indexOf("") and Python's b"".find(b"") do
    Pipe pipe = pipe();
    assertEquals(0, pipe.find(new byte[0]));
  }

  @Test
  void emptyPatternMatchesAtStartWhileStartIsWithinTheData() {
    Pipe pipe = pipe();
    write(pipe, "abcd");
    assertEquals(0, pipe.find(new byte[0]));
    assertEquals(2, pipe.find(new byte[0], 2, 4));
    assertEquals(3, pipe.find(new byte[0], 3, 100));
    assertEquals(4, pipe.find(new byte[0], 4, 100));
    assertEquals(-1, pipe.find(new byte[0], 5, 100));
  }

  @Test
  void findIsRelativeToTheReadPosition() throws IOException {
    Pipe pipe = pipe(3);
    write(pipe, "ab\r\nab\r\n");
    assertEquals(2, pipe.find(bytes("\r\n")));
    assertEquals(3, pipe.skip(3));
    assertEquals(3, pipe.find(bytes("\r\n")));
    assertEquals(0, pipe.find(bytes("\nab")));
  }

  @Test
  void findMatchesTheReferenceOnRandomSmallAlphabetData() {
    Random random = new Random(99);
    for (int round = 0; round < 300; round++) {
      int chunk = 1 + random.nextInt(9);
      Pipe pipe = pipe(chunk);
      byte[] data = new byte[random.nextInt(40)];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) random.nextInt(3);
      }
      pipe.write(data);
      byte[] s = new byte[random.nextInt(4)];
      for (int i = 0; i < s.length; i++) {
        s[i] = (byte) random.nextInt(3);
      }
      long start = random.nextInt(45);
      long end = random.nextInt(50) - 3L;
      long expected = referenceFind(data, s, start, end);
      String where = "chunk " + chunk + " data " + java.util.Arrays.toString(data) + " s "
          + java.util.Arrays.toString(s) + " [" + start + "," + end + ")";
      if (s.length == 0 && end <= start) {
        continue; // SPEC leaves "empty s" vs "end <= start" open here
      }
      assertEquals(expected, pipe.find(s, start, end), where);
      if (s.length == 1) {
        assertEquals(expected, pipe.findByte(s[0], start, end), where);
      }
      pipe.close();
    }
  }

  private static long referenceFind(byte[] data, byte[] s, long start, long end) {
    if (s.length == 0) {
      return start <= data.length ? start : -1;
    }
    long e = Math.min(end, data.length);
    for (long i = start; i + s.length <= e; i++) {
      boolean match = true;
      for (int j = 0; j < s.length && match; j++) {
        match = data[(int) i + j] == s[j];
      }
      if (match) {
        return i;
      }
    }
    return -1;
  }
}
