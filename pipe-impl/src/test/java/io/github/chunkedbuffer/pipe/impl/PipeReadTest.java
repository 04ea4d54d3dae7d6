package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipeReadTest extends PipeTestSupport {

  @Test
  void readOnAnEmptyOpenPipeIsNull() throws IOException {
    Pipe pipe = pipe();
    assertNull(pipe.read());
    assertNull(pipe.read(-1));
    assertNull(pipe.read(5));
    assertNull(pipe.readZeroCopy(5));
    assertNull(pipe.readZeroCopy(-1));
  }

  @Test
  void readZeroIsEmptyAtOnceEvenOnAnEmptyOpenPipe() throws IOException {
    Pipe pipe = pipe();
    assertArrayEquals(new byte[0], pipe.read(0));
    assertArrayEquals(new byte[0], pipe.readExact(0));
    try (ByteSequence s = pipe.readZeroCopy(0)) {
      assertEquals(0, s.length());
    }
    try (ByteSequence s = pipe.readExactZeroCopy(0)) {
      assertEquals(0, s.length());
    }
    write(pipe, "abc");
    assertArrayEquals(new byte[0], pipe.read(0));
    assertArrayEquals(new byte[0], pipe.readExact(0));
    assertEquals(3, pipe.length());
  }

  @Test
  void readGivesUpToNBytes() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "abcdefghij");
    assertContent("abc", pipe.read(3));
    assertContent("defghij", pipe.read(100));
    assertNull(pipe.read(1));
    write(pipe, "xyz");
    assertContent("xyz", pipe.read(Integer.MAX_VALUE));
  }

  @Test
  void readAllGivesEverythingBuffered() throws IOException {
    Pipe pipe = pipe(1, 2);
    write(pipe, "hello ");
    write(pipe, "world");
    assertContent("hello world", pipe.read(-1));
    assertEquals(0, pipe.length());
    write(pipe, "again");
    assertContent("again", pipe.read());
  }

  @Test
  void readBelowMinusOneIsRejectedNamingTheValue() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "abc");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pipe.read(-2));
    assertTrue(e.getMessage().contains("-2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pipe.readZeroCopy(-2));
    assertThrows(IllegalArgumentException.class, () -> pipe.read(Integer.MIN_VALUE));
    assertEquals(3, pipe.length());
  }

  @Test
  void readExactIsNullAndConsumesNothingUntilEnoughIsBuffered() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "abcde");
    assertNull(pipe.readExact(6));
    assertNull(pipe.readExactZeroCopy(6));
    assertEquals(5, pipe.length());
    write(pipe, "f");
    assertContent("abcdef", pipe.readExact(6));
    assertEquals(0, pipe.length());
  }

  @Test
  void readExactNegativeIsRejected() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "ab");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pipe.readExact(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pipe.readExactZeroCopy(-1));
    assertEquals(2, pipe.length());
  }

  @Test
  void readReturnsAFreshArrayTheCallerOwns() throws IOException {
    Pipe pipe = pipe(8);
    write(pipe, "abcd");
    byte[] peeked = pipe.peek();
    peeked[0] = 'X';
    assertContent("abcd", pipe.peek());
    byte[] first = pipe.read(2);
    assertContent("ab", first);
    first[1] = 'Y';
    assertContent("cd", pipe.read());
  }

  @Test
  void readZeroCopyHasTheSameContentAsRead() throws IOException {
    Pipe pipe = pipe(3);
    write(pipe, "abcdefghijk");
    try (ByteSequence a = pipe.readZeroCopy(4);
        ByteSequence b = pipe.readExactZeroCopy(4);
        ByteSequence c = pipe.readZeroCopy(-1)) {
      assertContent("abcd", a);
      assertContent("efgh", b);
      assertContent("ijk", c);
    }
    assertNull(pipe.readZeroCopy(1));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 8, 16, 100})
  void randomReadSizesDeliverEveryByteInOrder(int chunk) throws IOException {
    Pipe pipe = pipe(chunk);
    Random random = new Random(chunk);
    byte[] data = new byte[3000];
    random.nextBytes(data);
    int written = 0;
    int read = 0;
    while (read < data.length) {
      if (written < data.length && random.nextBoolean()) {
        int n = Math.min(random.nextInt(40), data.length - written);
        pipe.write(data, written, n);
        written += n;
      }
      assertEquals(written - read, pipe.length());
      int n = random.nextInt(30);
      byte[] got;
      switch (random.nextInt(3)) {
        case 0 -> got = pipe.read(n);
        case 1 -> got = pipe.readExact(n);
        default -> {
          try (ByteSequence s = pipe.readZeroCopy(n)) {
            got = s == null ? null : s.toByteArray();
          }
        }
      }
      if (got == null) {
        assertTrue(written == read || n > written - read);
        continue;
      }
      for (byte b : got) {
        assertEquals(data[read++], b);
      }
    }
    assertNotNull(pipe.read(0));
  }
}
