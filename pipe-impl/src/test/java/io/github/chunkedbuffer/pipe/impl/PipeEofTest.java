package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.LimitExceededException;
import io.github.chunkedbuffer.pipe.PartialReadException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.EOFException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PipeEofTest extends PipeTestSupport {

  private static final byte[] NL = {'\n'};

  // ------------------------------------------------------------------ state

  @Test
  void eofClosesTheWriteSideAndReachedEofWaitsForTheLastByte() throws IOException {
    Pipe pipe = pipe();
    assertFalse(pipe.isClosed());
    assertFalse(pipe.reachedEof());
    write(pipe, "abc");
    pipe.eof();
    assertTrue(pipe.isClosed());
    assertFalse(pipe.reachedEof());
    assertEquals(3, pipe.length());
    assertContent("ab", pipe.read(2));
    assertFalse(pipe.reachedEof());
    assertContent("c", pipe.read());
    assertTrue(pipe.reachedEof());
    assertTrue(pipe.isClosed());
  }

  @Test
  void reachedEofIsFalseOnAnEmptyOpenPipe() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "x");
    pipe.read();
    assertFalse(pipe.reachedEof());
    pipe.eof();
    assertTrue(pipe.reachedEof());
  }

  @Test
  void secondEofIsIgnoredAndNoCauseAppears() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "a");
    pipe.eof();
    pipe.eof();
    pipe.eof(new IOException("late"));
    assertContent("a", pipe.read());
    assertArrayEquals(new byte[0], pipe.read());
    assertEquals(0, pipe.skip());
  }

  @Test
  void secondEofWithCauseKeepsTheFirstCause() {
    Pipe pipe = pipe();
    IOException first = new IOException("first");
    pipe.eof(first);
    pipe.eof(new IOException("second"));
    pipe.eof();
    IOException e = assertThrows(IOException.class, pipe::read);
    assertSame(first, e.getCause());
  }

  @Test
  void eofWithNullCauseIsRejected() {
    Pipe pipe = pipe();
    assertThrows(NullPointerException.class, () -> pipe.eof(null));
    assertFalse(pipe.isClosed());
  }

  // ------------------------------------------------------------------ clean EOF, empty pipe

  @Test
  void emptyPipeAtCleanEofGivesEmptyResultsForNonExactReads() throws IOException {
    Pipe pipe = pipe();
    pipe.eof();
    assertArrayEquals(new byte[0], pipe.read());
    assertArrayEquals(new byte[0], pipe.read(5));
    assertArrayEquals(new byte[0], pipe.peek());
    assertArrayEquals(new byte[0], pipe.peek(5));
    assertEquals(0, pipe.skip());
    assertEquals(0, pipe.skip(5));
    try (ByteSequence r = pipe.readZeroCopy(5);
        ByteSequence p = pipe.peekZeroCopy(-1)) {
      assertEquals(0, r.length());
      assertEquals(0, p.length());
    }
    assertTrue(pipe.reachedEof());
  }

  @Test
  void emptyPipeAtCleanEofThrowsEmptyPartialReadForExactReads() {
    Pipe pipe = pipe();
    pipe.eof();
    Map<String, Executable> calls = exactCalls(pipe, 3);
    calls.forEach(
        (name, call) -> {
          PartialReadException e = assertThrows(PartialReadException.class, call, name);
          assertEquals(0, e.leftover().length, name);
          assertNull(e.getCause(), name);
        });
  }

  @Test
  void partialReadExceptionIsAnEofException() {
    Pipe pipe = pipe();
    pipe.eof();
    assertInstanceOf(EOFException.class, assertThrows(IOException.class, () -> pipe.readExact(1)));
  }

  // ------------------------------------------------------------------ leftovers

  @Test
  void readExactAtEofConsumesAndCarriesTheRestNamingTheNumbers() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abc");
    pipe.eof();
    PartialReadException e = assertThrows(PartialReadException.class, () -> pipe.readExact(5));
    assertContent("abc", e.leftover());
    assertTrue(e.getMessage().contains("5") && e.getMessage().contains("3"), e.getMessage());
    assertNull(e.getCause());
    assertEquals(0, pipe.length());
    assertTrue(pipe.reachedEof());
    assertArrayEquals(new byte[0], pipe.read());
  }

  @Test
  void zeroCopyReadExactAtEofConsumesAndCarriesTheRest() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abc");
    pipe.eof();
    PartialReadException e =
        assertThrows(PartialReadException.class, () -> pipe.readExactZeroCopy(4));
    assertContent("abc", e.leftover());
    assertEquals(0, pipe.length());
  }

  @Test
  void peekExactAtEofCarriesACopyAndLeavesTheBytes() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abc");
    pipe.eof();
    for (int i = 0; i < 2; i++) {
      PartialReadException e = assertThrows(PartialReadException.class, () -> pipe.peekExact(4));
      assertContent("abc", e.leftover());
      e.leftover()[0] = 'X';
      PartialReadException z =
          assertThrows(PartialReadException.class, () -> pipe.peekExactZeroCopy(4));
      assertContent("abc", z.leftover());
      assertEquals(3, pipe.length());
    }
    assertContent("abc", pipe.peekExact(3));
    assertContent("abc", pipe.readExact(3));
  }

  @Test
  void skipExactAtEofConsumesAndCarriesTheRest() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abc");
    pipe.eof();
    assertTrue(pipe.skipExact(1));
    PartialReadException e = assertThrows(PartialReadException.class, () -> pipe.skipExact(3));
    assertContent("bc", e.leftover());
    assertEquals(0, pipe.length());
  }

  @Test
  void readUntilAtEofWithoutSeparatorConsumesAndCarriesTheRest() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "line\nrest");
    pipe.eof();
    assertContent("line\n", pipe.readUntil(NL));
    PartialReadException e =
        assertThrows(PartialReadException.class, () -> pipe.readUntil(NL, true));
    assertContent("rest", e.leftover());
    assertEquals(0, pipe.length());
    assertThrows(PartialReadException.class, () -> pipe.readUntilZeroCopy(NL, false));
  }

  @Test
  void readUntilAtEofWithoutSeparatorPrefersTheLimit() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abcdef");
    pipe.eof();
    LimitExceededException limit =
        assertThrows(LimitExceededException.class, () -> pipe.readUntil(NL, false, 4));
    assertEquals(4, limit.limit());
    assertEquals(6, pipe.length());
    assertThrows(LimitExceededException.class, () -> pipe.readUntil(NL, true, 6));
    assertThrows(LimitExceededException.class, () -> pipe.readUntilZeroCopy(NL, true, 6));
    assertEquals(6, pipe.length());
    PartialReadException e =
        assertThrows(PartialReadException.class, () -> pipe.readUntil(NL, false, 7));
    assertContent("abcdef", e.leftover());
    assertEquals(0, pipe.length());
  }

  // ------------------------------------------------------------------ eof(cause)

  @Test
  void failedWriterStillDeliversBufferedBytesFirst() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abcde");
    IOException cause = new IOException("connection reset");
    pipe.eof(cause);
    assertTrue(pipe.isClosed());
    assertContent("ab", pipe.read(2));
    assertContent("cd", pipe.peekExact(2));
    assertEquals(1, pipe.skip(1));
    assertContent("de", pipe.readExact(2));
    IOException e = assertThrows(IOException.class, pipe::read);
    assertSame(cause, e.getCause());
  }

  @Test
  void failedWriterMakesEveryReadOnTheEmptyPipeThrowItsCauseEveryTime() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "xy");
    IOException cause = new IOException("boom");
    pipe.eof(cause);
    assertEquals(2, pipe.skip());
    Map<String, Executable> calls = new LinkedHashMap<>(exactCalls(pipe, 2));
    calls.put("read()", pipe::read);
    calls.put("read(3)", () -> pipe.read(3));
    calls.put("peek()", pipe::peek);
    calls.put("peek(3)", () -> pipe.peek(3));
    calls.put("skip()", pipe::skip);
    calls.put("skip(3)", () -> pipe.skip(3));
    calls.put("readZeroCopy(3)", () -> pipe.readZeroCopy(3));
    calls.put("peekZeroCopy(-1)", () -> pipe.peekZeroCopy(-1));
    for (int round = 0; round < 3; round++) {
      calls.forEach(
          (name, call) -> {
            IOException e = assertThrows(IOException.class, call, name);
            assertSame(cause, e.getCause(), name);
            if (e instanceof PartialReadException p) {
              assertEquals(0, p.leftover().length, name);
            }
          });
    }
    assertEquals(0, pipe.length());
    assertTrue(pipe.reachedEof());
  }

  @Test
  void failedWriterWithLeftoverGivesPartialReadWithTheCause() {
    Pipe pipe = pipe(2);
    write(pipe, "abc");
    IllegalStateException cause = new IllegalStateException("decoder broke");
    pipe.eof(cause);
    PartialReadException e = assertThrows(PartialReadException.class, () -> pipe.readExact(10));
    assertContent("abc", e.leftover());
    assertSame(cause, e.getCause());
    IOException again = assertThrows(IOException.class, () -> pipe.readExact(10));
    assertSame(cause, again.getCause());
  }

  @Test
  void failedWriterWithLeftoverGivesPartialReadWithTheCauseForEveryExactRead() {
    String[] names = {"readExact", "readExactZeroCopy", "peekExact", "peekExactZeroCopy",
      "skipExact", "readUntil", "readUntilZeroCopy"};
    for (String name : names) {
      Pipe pipe = pipe(2);
      write(pipe, "abc");
      IOException cause = new IOException("boom " + name);
      pipe.eof(cause);
      Executable call = exactCalls(pipe, 10).get(name);
      PartialReadException e = assertThrows(PartialReadException.class, call, name);
      assertContent("abc", e.leftover());
      assertSame(cause, e.getCause(), name);
      assertEquals(name.startsWith("peek") ? 3 : 0, pipe.length(), name);
    }
  }

  @Test
  void zeroLengthRequestsSucceedEvenAfterAFailedWriter() throws IOException {
    Pipe pipe = pipe();
    pipe.eof(new IOException("boom"));
    assertArrayEquals(new byte[0], pipe.read(0));
    assertArrayEquals(new byte[0], pipe.readExact(0));
    assertArrayEquals(new byte[0], pipe.peek(0));
    assertArrayEquals(new byte[0], pipe.peekExact(0));
    assertEquals(0, pipe.skip(0));
    assertTrue(pipe.skipExact(0));
    try (ByteSequence s = pipe.readZeroCopy(0)) {
      assertEquals(0, s.length());
    }
  }

  @Test
  void inspectionStillWorksAfterAFailedWriter() {
    Pipe pipe = pipe(2);
    write(pipe, "a;b");
    pipe.eof(new IOException("boom"));
    assertEquals(3, pipe.length());
    assertEquals(1, pipe.findByte((byte) ';'));
    assertEquals(2, pipe.find(bytes("b")));
    assertEquals('b', pipe.byteAt(2));
    assertFalse(pipe.reachedEof());
  }

  /** The calls that need {@code n} bytes or a separator, by name. */
  private static Map<String, Executable> exactCalls(Pipe pipe, int n) {
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("readExact", () -> pipe.readExact(n));
    calls.put("readExactZeroCopy", () -> pipe.readExactZeroCopy(n));
    calls.put("peekExact", () -> pipe.peekExact(n));
    calls.put("peekExactZeroCopy", () -> pipe.peekExactZeroCopy(n));
    calls.put("skipExact", () -> pipe.skipExact(n));
    calls.put("readUntil", () -> pipe.readUntil(NL));
    calls.put("readUntilZeroCopy", () -> pipe.readUntilZeroCopy(NL, true));
    return calls;
  }
}
