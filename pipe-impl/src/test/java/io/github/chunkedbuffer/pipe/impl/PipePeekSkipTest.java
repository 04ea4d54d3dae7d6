package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PipePeekSkipTest extends PipeTestSupport {

  // ------------------------------------------------------------------ peek

  @Test
  void peekConsumesNothing() throws IOException {
    Pipe pipe = pipe(3);
    write(pipe, "abcdefgh");
    assertContent("abcde", pipe.peek(5));
    assertContent("abcdefgh", pipe.peek());
    assertContent("abcdefgh", pipe.peek(-1));
    assertContent("abcdefgh", pipe.peek(100));
    assertContent("abcd", pipe.peekExact(4));
    try (ByteSequence s = pipe.peekZeroCopy(6);
        ByteSequence t = pipe.peekExactZeroCopy(8)) {
      assertContent("abcdef", s);
      assertContent("abcdefgh", t);
    }
    assertEquals(8, pipe.length());
    assertContent("abcdefgh", pipe.read());
  }

  @Test
  void peekOnAnEmptyOpenPipeIsNullAndPeekZeroIsEmpty() throws IOException {
    Pipe pipe = pipe();
    assertNull(pipe.peek());
    assertNull(pipe.peek(3));
    assertNull(pipe.peekZeroCopy(3));
    assertNull(pipe.peekExact(1));
    assertArrayEquals(new byte[0], pipe.peek(0));
    assertArrayEquals(new byte[0], pipe.peekExact(0));
    try (ByteSequence s = pipe.peekZeroCopy(0);
        ByteSequence t = pipe.peekExactZeroCopy(0)) {
      assertEquals(0, s.length());
      assertEquals(0, t.length());
    }
  }

  @Test
  void peekExactIsNullUntilEnoughIsBuffered() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "abc");
    assertNull(pipe.peekExact(4));
    assertNull(pipe.peekExactZeroCopy(4));
    write(pipe, "d");
    assertContent("abcd", pipe.peekExact(4));
    assertEquals(4, pipe.length());
  }

  @Test
  void peekArgumentsOutOfRangeAreRejected() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "abc");
    assertThrows(IllegalArgumentException.class, () -> pipe.peek(-2));
    assertThrows(IllegalArgumentException.class, () -> pipe.peekZeroCopy(-2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pipe.peekExact(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pipe.peekExactZeroCopy(-1));
    assertEquals(3, pipe.length());
  }

  @Test
  void peekAfterPartialReadsIsRelativeToTheReadPosition() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "0123456789");
    assertEquals(3, pipe.skip(3));
    assertContent("3456", pipe.peek(4));
    assertContent("34", pipe.read(2));
    assertContent("5678", pipe.peekExact(4));
  }

  // ------------------------------------------------------------------ skip

  @Test
  void skipSkipsUpToNAndSaysHowMany() throws IOException {
    Pipe pipe = pipe(3);
    write(pipe, "abcdefgh");
    assertEquals(2, pipe.skip(2));
    assertEquals(0, pipe.skip(0));
    assertContent("c", pipe.read(1));
    assertEquals(5, pipe.skip(100));
    assertEquals(0, pipe.length());
    assertEquals(0, pipe.skip(5));
    write(pipe, "ij");
    assertEquals(2, pipe.skip(Long.MAX_VALUE));
  }

  @Test
  void skipAllSkipsEverythingBuffered() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abcde");
    assertEquals(5, pipe.skip(-1));
    write(pipe, "fg");
    assertEquals(2, pipe.skip());
    assertEquals(0, pipe.skip());
    assertNull(pipe.read());
  }

  @Test
  void skipOnAnEmptyOpenPipeIsZero() throws IOException {
    Pipe pipe = pipe();
    assertEquals(0, pipe.skip());
    assertEquals(0, pipe.skip(10));
    assertFalse(pipe.isClosed());
  }

  @Test
  void skipBelowMinusOneIsRejected() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "abc");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pipe.skip(-2));
    assertTrue(e.getMessage().contains("-2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pipe.skip(Long.MIN_VALUE));
    assertEquals(3, pipe.length());
  }

  @Test
  void skipExactSkipsAllOrNothing() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abcde");
    assertFalse(pipe.skipExact(6));
    assertEquals(5, pipe.length());
    assertTrue(pipe.skipExact(0));
    assertTrue(pipe.skipExact(3));
    assertContent("de", pipe.peek());
    assertFalse(pipe.skipExact(Long.MAX_VALUE));
    assertTrue(pipe.skipExact(2));
    assertEquals(0, pipe.length());
    assertTrue(pipe.skipExact(0));
    assertFalse(pipe.skipExact(1));
  }

  @Test
  void skipExactNegativeIsRejected() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "abc");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pipe.skipExact(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertEquals(3, pipe.length());
  }

  @Test
  void skipReleasesTheChunksItPasses() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "0123456789");
    long before = pool.outstanding();
    assertTrue(before >= 5);
    assertEquals(9, pipe.skip(9));
    assertTrue(pool.outstanding() <= 2, "outstanding " + pool.outstanding());
    assertContent("9", pipe.read());
  }

  // ------------------------------------------------------------------ byteAt

  @Test
  void byteAtReadsInPlaceAcrossChunksWithoutConsuming() throws IOException {
    Pipe pipe = pipe(3);
    write(pipe, "abcdefghij");
    for (int i = 0; i < 10; i++) {
      assertEquals('a' + i, pipe.byteAt(i));
    }
    assertEquals(10, pipe.length());
    assertEquals(4, pipe.skip(4));
    assertEquals('e', pipe.byteAt(0));
    assertEquals('j', pipe.byteAt(5));
  }

  @Test
  void byteAtOutsideTheUnreadBytesIsIndexOutOfBoundsNamingTheIndex() throws IOException {
    Pipe pipe = pipe(3);
    assertThrows(IndexOutOfBoundsException.class, () -> pipe.byteAt(0));
    write(pipe, "abcde");
    for (long bad : new long[] {-1, 5, 6, Long.MAX_VALUE, Long.MIN_VALUE}) {
      IndexOutOfBoundsException e =
          assertThrows(IndexOutOfBoundsException.class, () -> pipe.byteAt(bad));
      assertTrue(e.getMessage().contains(Long.toString(bad)), e.getMessage());
    }
    pipe.skip(2);
    assertThrows(IndexOutOfBoundsException.class, () -> pipe.byteAt(3));
    assertEquals('e', pipe.byteAt(2));
    assertEquals(3, pipe.length());
  }

  @Test
  void byteAtAndFindByteAndSkipParseAHeaderInPlace() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "$12\r\nhello world!\r\n");
    long end = pipe.findByte((byte) '\r');
    assertEquals(3, end);
    int len = 0;
    for (long i = 1; i < end; i++) {
      len = len * 10 + (pipe.byteAt(i) - '0');
    }
    assertEquals(12, len);
    assertTrue(pipe.skipExact(end + 2));
    assertContent("hello world!", pipe.readExact(len));
    assertTrue(pipe.skipExact(2));
    assertEquals(0, pipe.length());
  }
}
