package io.github.chunkedbuffer.pipe.impl;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The read-only accessors every {@code ByteView} shares ({@link ChunkRange}), through {@link
 * ByteSequence}s that start inside a chunk and run over chunks of 1 to 64 bytes, on heap, sliced
 * heap and direct memory: each value is compared with {@link ByteBuffer}'s, each number with {@link
 * Long#parseLong(CharSequence, int, int, int)}.
 */
class ByteViewAccessTest {

  private final List<CountingPool> pools = new ArrayList<>();
  private final List<Pipe> pipes = new ArrayList<>();

  @AfterEach
  void everyChunkGoesBack() {
    pipes.forEach(Pipe::close);
    pools.forEach(CountingPool::assertAllReturned);
  }

  static Stream<Arguments> memoryAndChunkSizes() {
    List<Arguments> out = new ArrayList<>();
    for (String kind : List.of("heap", "sliced heap", "direct")) {
      for (int size : new int[] {1, 3, 8, 64}) {
        out.add(Arguments.of(kind, size));
      }
    }
    return out.stream();
  }

  private Pipe pipe(String kind, int chunkSize) {
    CountingPool pool =
        switch (kind) {
          case "heap" -> new CountingPool();
          case "sliced heap" -> CountingPool.slicedHeap(3);
          default -> new CountingPool(0, true);
        };
    pools.add(pool);
    Pipe pipe = Pipe.builder().pool(pool).minChunkSize(chunkSize).maxChunkSize(chunkSize).build();
    pipes.add(pipe);
    return pipe;
  }

  /** A sequence over {@code bytes} that starts {@code skip} bytes into the pipe's first chunk. */
  private ByteSequence sequence(String kind, int chunkSize, int skip, byte[] bytes)
      throws IOException {
    Pipe pipe = pipe(kind, chunkSize);
    pipe.write(new byte[skip]);
    pipe.write(bytes);
    pipe.skip(skip);
    return pipe.readExactZeroCopy(bytes.length);
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  // ---------------------------------------------------------------- typed getters

  @ParameterizedTest
  @MethodSource("memoryAndChunkSizes")
  void gettersAgreeWithByteBufferInsideAndAcrossChunks(String kind, int chunkSize)
      throws IOException {
    byte[] bytes = random(45, chunkSize);
    ByteBuffer big = ByteBuffer.wrap(bytes);
    ByteBuffer little = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    try (ByteSequence s = sequence(kind, chunkSize, chunkSize / 2, bytes)) {
      for (int i = 0; i < bytes.length; i++) {
        String at = " at " + i;
        assertEquals(big.get(i), s.byteAt(i), "byteAt" + at);
        if (i <= bytes.length - 2) {
          assertEquals(big.getShort(i), s.shortAt(i), "shortAt" + at);
          assertEquals(little.getShort(i), s.shortAtLE(i), "shortAtLE" + at);
        }
        if (i <= bytes.length - 4) {
          assertEquals(big.getInt(i), s.intAt(i), "intAt" + at);
          assertEquals(little.getInt(i), s.intAtLE(i), "intAtLE" + at);
        }
        if (i <= bytes.length - 8) {
          assertEquals(big.getLong(i), s.longAt(i), "longAt" + at);
          assertEquals(little.getLong(i), s.longAtLE(i), "longAtLE" + at);
        }
      }
    }
  }

  @Test
  void getterPastTheEndNamesIndexAndLength() throws IOException {
    try (ByteSequence s = sequence("heap", 4, 1, new byte[6])) {
      IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> s.intAt(3));
      assertEquals(
          "intAt(3): needs 4 bytes from the index, so with length 6 the index must be in [0, 2]",
          e.getMessage());
      e = assertThrows(IndexOutOfBoundsException.class, () -> s.longAtLE(0));
      assertEquals("longAtLE(0): needs 8 bytes, but the length is 6", e.getMessage());
      e = assertThrows(IndexOutOfBoundsException.class, () -> s.byteAt(-1));
      assertEquals("byteAt(-1): index must be in [0, 6)", e.getMessage());
      assertThrows(IndexOutOfBoundsException.class, () -> s.shortAt(Long.MIN_VALUE));
      assertThrows(IndexOutOfBoundsException.class, () -> s.shortAtLE(Long.MAX_VALUE));
      assertEquals(0, s.intAt(2), "a failed call changes nothing");
    }
  }

  @Test
  void emptySequenceHasNoValuesButAnswersEverythingElse() throws IOException {
    Pipe pipe = pipe("heap", 4);
    try (ByteSequence s = pipe.readZeroCopy(0)) {
      assertEquals(0, s.length());
      assertThrows(IndexOutOfBoundsException.class, () -> s.byteAt(0));
      assertThrows(IndexOutOfBoundsException.class, () -> s.intAt(0));
      assertEquals(-1, s.indexOf((byte) 0, 0));
      assertEquals(0, s.indexOf(new byte[0], 0));
      assertTrue(s.rangeEquals(0, new byte[0]));
      assertEquals("", s.toString(ISO_8859_1));
      assertEquals("00000000\n", s.hexDump());
      assertEquals("ByteSequence[length=0]", s.toString());
      assertThrows(NumberFormatException.class, () -> s.parseLong(0, 0, 10));
      try (ByteSequence slice = s.slice(0, 0)) {
        assertEquals(0, slice.length());
      }
    }
  }

  // ---------------------------------------------------------------- parseLong

  private static final List<String> NUMBERS =
      List.of(
          "0", "-0", "+0", "7", "-7", "+7", "", "-", "+", "--1", "+-1", "1-", " 1", "1 ",
          "123456789", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
          "-9223372036854775809", "00000000000000000000000000042", "-00000000000000000000000009",
          "99999999999999999999", "7fffffffffffffff", "8000000000000000", "-8000000000000000",
          "ffffffffffffffff", "zz", "ZZ", "Zz", "1y2p0ij32e8e7", "1y2p0ij32e8e8", "-1y2p0ij32e8e8",
          "-1y2p0ij32e8e9", "101", "12", "\u00e9", "1\u00b2", "a", "g", "G", "@", "[", "`", "{", "/",
          ":");

  @ParameterizedTest
  @MethodSource("memoryAndChunkSizes")
  void parseLongAgreesWithTheJdkForEveryRadix(String kind, int chunkSize) throws IOException {
    for (String text : NUMBERS) {
      String padded = "x" + text + "y";
      try (ByteSequence s = sequence(kind, chunkSize, chunkSize / 2, padded.getBytes(ISO_8859_1))) {
        for (int radix = Character.MIN_RADIX - 1; radix <= Character.MAX_RADIX + 1; radix++) {
          int r = radix;
          int end = padded.length() - 1;
          assertSameOutcome(
              () -> Long.parseLong(padded, 1, end, r),
              () -> s.parseLong(1, end, r),
              "parseLong(\"" + text + "\", radix " + radix + ")");
        }
      }
    }
  }

  private static void assertSameOutcome(
      java.util.function.LongSupplier expected, java.util.function.LongSupplier actual, String what) {
    Object want;
    try {
      want = expected.getAsLong();
    } catch (RuntimeException e) {
      want = e.getClass();
    }
    Object got;
    try {
      got = actual.getAsLong();
    } catch (RuntimeException e) {
      got = e.getClass();
    }
    assertEquals(want, got, what);
  }

  @Test
  void parseLongMessagesShowTheCallAndTheText() throws IOException {
    try (ByteSequence s = sequence("heap", 3, 1, "12x4\u0001".getBytes(ISO_8859_1))) {
      assertEquals(
          "parseLong(0, 5, 10): \"12x4\\x01\" is not a number in radix 10 (error at index 2)",
          assertThrows(NumberFormatException.class, () -> s.parseLong(0, 5, 10)).getMessage());
      assertEquals(
          "parseLong(0, 2, 37): radix 37 is outside 2..36",
          assertThrows(NumberFormatException.class, () -> s.parseLong(0, 2, 37)).getMessage());
      assertEquals(
          "parseLong(3, 2, ...): need 0 <= start <= end <= length 5",
          assertThrows(IndexOutOfBoundsException.class, () -> s.parseLong(3, 2, 10)).getMessage());
      assertThrows(IndexOutOfBoundsException.class, () -> s.parseLong(0, 6, 10));
      assertThrows(IndexOutOfBoundsException.class, () -> s.parseLong(-1, 2, 10));
      assertEquals(12, s.parseLong(0, 2, 10));
    }
    try (ByteSequence s = sequence("heap", 3, 0, "99999999999999999999".getBytes(ISO_8859_1))) {
      assertEquals(
          "parseLong(0, 20, 10): \"99999999999999999999\" does not fit a long (error at index 18)",
          assertThrows(NumberFormatException.class, () -> s.parseLong(0, 20, 10)).getMessage());
    }
  }

  // ---------------------------------------------------------------- search

  @ParameterizedTest
  @MethodSource("memoryAndChunkSizes")
  void indexOfAndRangeEqualsAgreeWithAPlainScan(String kind, int chunkSize) throws IOException {
    byte[] bytes = new byte[50];
    Random random = new Random(chunkSize);
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt(3);
    }
    String text = new String(bytes, ISO_8859_1);
    try (ByteSequence s = sequence(kind, chunkSize, chunkSize - 1, bytes)) {
      for (int from = 0; from <= bytes.length + 1; from++) {
        for (byte b = 0; b < 4; b++) {
          assertEquals(text.indexOf(b, from), s.indexOf(b, from), "indexOf(" + b + ", " + from + ")");
        }
        for (String pattern : List.of("\0\1", "\2\2\2", "\1\0\1\0", "\0\1\2\0\1", "")) {
          long expected = from > bytes.length ? -1 : text.indexOf(pattern, from);
          assertEquals(
              expected,
              s.indexOf(pattern.getBytes(ISO_8859_1), from),
              "indexOf(\"" + pattern + "\", " + from + ")");
          boolean equal = from <= bytes.length && text.startsWith(pattern, from);
          assertEquals(
              equal,
              s.rangeEquals(from, pattern.getBytes(ISO_8859_1)),
              "rangeEquals(" + from + ", \"" + pattern + "\")");
        }
      }
      assertFalse(s.rangeEquals(-1, new byte[0]));
      assertThrows(IllegalArgumentException.class, () -> s.indexOf((byte) 0, -1));
      assertThrows(IllegalArgumentException.class, () -> s.indexOf(new byte[1], -1));
    }
  }

  // ---------------------------------------------------------------- slices

  @ParameterizedTest
  @MethodSource("memoryAndChunkSizes")
  void slicesShowTheirPartAndOutliveTheirParent(String kind, int chunkSize) throws IOException {
    byte[] bytes = random(30, 7);
    ByteSequence s = sequence(kind, chunkSize, 1, bytes);
    List<ByteSequence> slices = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    for (int from = 0; from <= bytes.length; from += 7) {
      for (int to = from; to <= bytes.length; to += 5) {
        slices.add(s.slice(from, to));
        expected.add(java.util.Arrays.copyOfRange(bytes, from, to));
      }
    }
    s.close();
    for (int i = 0; i < slices.size(); i++) {
      assertArrayEquals(expected.get(i), slices.get(i).toByteArray(), "slice " + i);
      slices.get(i).close();
    }
  }

  @Test
  void sliceOfASliceClosedOnAnotherThreadLetsEveryChunkGo() throws Exception {
    ByteSequence s = sequence("heap", 4, 2, "0123456789abcdef".getBytes(ISO_8859_1));
    ByteSequence outer = s.slice(3, 14);
    ByteSequence inner =
        CompletableFuture.supplyAsync(
                () -> {
                  try (ByteSequence mine = outer.slice(2, 9)) {
                    return mine.slice(1, 5);
                  }
                })
            .get();
    s.close();
    outer.close();
    assertEquals("6789", inner.toString(ISO_8859_1));
    inner.close();
    assertThrows(IllegalStateException.class, () -> inner.slice(0, 1));
  }

  @Test
  void sliceOutsideTheSequenceThrowsAndTakesNothing() throws IOException {
    try (ByteSequence s = sequence("heap", 4, 0, new byte[10])) {
      assertThrows(IndexOutOfBoundsException.class, () -> s.slice(-1, 3));
      assertThrows(IndexOutOfBoundsException.class, () -> s.slice(4, 3));
      assertThrows(IndexOutOfBoundsException.class, () -> s.slice(0, 11));
    }
    // the pool check after the test shows that the failed slices took no reference
  }

  // ---------------------------------------------------------------- streams

  @ParameterizedTest
  @MethodSource("memoryAndChunkSizes")
  void inputStreamReadsEveryByteOnceAndClosesTheSequence(String kind, int chunkSize)
      throws IOException {
    byte[] bytes = random(40, 3);
    ByteSequence s = sequence(kind, chunkSize, 1, bytes);
    InputStream in = s.asInputStream();
    assertEquals(40, in.available());
    assertEquals(bytes[0] & 0xFF, in.read());
    byte[] some = new byte[9];
    assertEquals(9, in.read(some, 0, 9));
    assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 1, 10), some);
    assertEquals(5, in.skip(5));
    assertEquals(25, in.available());
    assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 15, 40), in.readAllBytes());
    assertEquals(-1, in.read());
    assertEquals(-1, in.read(some, 0, 1));
    assertEquals(0, in.read(some, 0, 0));
    assertEquals(0, in.skip(1));
    InputStream other = s.asInputStream();
    assertEquals(bytes[0] & 0xFF, other.read(), "each stream has its own position");
    in.close();
    assertThrows(IllegalStateException.class, s::length, "closing the stream closed the sequence");
    assertThrows(IOException.class, other::read);
  }

  // ---------------------------------------------------------------- dumps

  @Test
  void hexDumpShowsOffsetsHexAndAscii() throws IOException {
    byte[] bytes = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n".getBytes(ISO_8859_1);
    try (ByteSequence s = sequence("direct", 3, 1, bytes)) {
      assertEquals(
          "00000000  2a 32 0d 0a 24 33 0d 0a  47 45 54 0d 0a 24 31 0d  |*2..$3..GET..$1.|\n"
              + "00000010  0a 6b 0d 0a                                       |.k..|\n"
              + "00000014\n",
          s.hexDump());
    }
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    try (ByteSequence s = sequence("heap", 7, 0, all)) {
      List<String> lines = s.hexDump().lines().toList();
      assertEquals(17, lines.size());
      assertEquals(
          "00000070  70 71 72 73 74 75 76 77  78 79 7a 7b 7c 7d 7e 7f  |pqrstuvwxyz{|}~.|",
          lines.get(7));
      assertEquals(
          "000000f0  f0 f1 f2 f3 f4 f5 f6 f7  f8 f9 fa fb fc fd fe ff  |................|",
          lines.get(15));
      assertEquals("00000100", lines.get(16));
    }
  }

  @Test
  void toStringShowsLengthAndAtMostSixteenBytes() throws IOException {
    ByteSequence shortOne = sequence("heap", 2, 1, new byte[] {1, (byte) 0xab, 0x7f});
    assertEquals("ByteSequence[length=3: 01 ab 7f]", shortOne.toString());
    shortOne.close();
    assertEquals("ByteSequence[closed]", shortOne.toString());
    try (ByteSequence longOne = sequence("heap", 5, 0, "0123456789abcdefXYZ".getBytes(ISO_8859_1))) {
      assertEquals(
          "ByteSequence[length=19: 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66 ...]",
          longOne.toString());
    }
  }

  @Test
  void everyAccessorRefusesAClosedSequence() throws IOException {
    ByteSequence s = sequence("heap", 4, 0, new byte[12]);
    s.close();
    List<Function<ByteSequence, Object>> calls =
        List.of(
            ByteSequence::length,
            ByteSequence::segmentCount,
            x -> x.segment(0),
            x -> x.byteAt(0),
            x -> x.shortAt(0),
            x -> x.intAt(0),
            x -> x.longAt(0),
            x -> x.shortAtLE(0),
            x -> x.intAtLE(0),
            x -> x.longAtLE(0),
            x -> x.parseLong(0, 1, 10),
            x -> x.indexOf((byte) 0, 0),
            x -> x.indexOf(new byte[1], 0),
            x -> x.rangeEquals(0, new byte[1]),
            x -> {
              x.copyTo(ByteBuffer.allocate(12));
              return null;
            },
            ByteSequence::toByteArray,
            x -> x.toString(ISO_8859_1),
            x -> x.contentEquals(new byte[12]),
            ByteSequence::hexDump,
            x -> x.slice(0, 1),
            ByteSequence::asInputStream,
            ByteSequence::iterator);
    for (int i = 0; i < calls.size(); i++) {
      Function<ByteSequence, Object> call = calls.get(i);
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> call.apply(s), "call #" + i);
      assertEquals("this ByteSequence was closed", e.getMessage());
    }
  }
}
