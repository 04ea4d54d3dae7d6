package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.LimitExceededException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipeReadUntilTest extends PipeTestSupport {

  private static final byte[] CRLF = bytes("\r\n");
  private static final byte[] NL = bytes("\n");

  // ------------------------------------------------------------------ basics

  @Test
  void readUntilIncludesTheSeparatorByDefault() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "GET / HTTP/1.1\r\nHost: x\r\n");
    assertContent("GET / HTTP/1.1\r\n", pipe.readUntil(CRLF));
    assertContent("Host: x\r\n", pipe.readUntil(CRLF, false));
    assertEquals(0, pipe.length());
  }

  @Test
  void readUntilSkippingTheSeparatorStillConsumesIt() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "one\r\ntwo\r\n\r\nrest");
    assertContent("one", pipe.readUntil(CRLF, true));
    assertContent("two", pipe.readUntil(CRLF, true));
    assertContent("", pipe.readUntil(CRLF, true));
    assertContent("rest", pipe.read());
  }

  @Test
  void readUntilIsNullAndConsumesNothingWithoutASeparator() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "no end here\r");
    assertNull(pipe.readUntil(CRLF));
    assertNull(pipe.readUntil(CRLF, true));
    assertNull(pipe.readUntilZeroCopy(CRLF, true));
    assertNull(pipe.readUntil(CRLF, true, 100));
    assertEquals(12, pipe.length());
    assertContent("no end here\r", pipe.peek());
  }

  @Test
  void readUntilOnAnEmptyOpenPipeIsNull() throws IOException {
    Pipe pipe = pipe();
    assertNull(pipe.readUntil(NL));
    assertNull(pipe.readUntil(NL, false, 1));
  }

  @Test
  void separatorAtTheVeryStartGivesJustTheSeparator() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "\r\nx");
    assertContent("\r\n", pipe.readUntil(CRLF));
    write(pipe, "\r\n");
    assertContent("x", pipe.readUntil(CRLF, true));
  }

  @Test
  void emptySeparatorIsRejectedAndNullIsNpe() {
    Pipe pipe = pipe();
    write(pipe, "abc");
    assertThrows(IllegalArgumentException.class, () -> pipe.readUntil(new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> pipe.readUntil(new byte[0], true));
    assertThrows(IllegalArgumentException.class, () -> pipe.readUntil(new byte[0], true, 10));
    assertThrows(IllegalArgumentException.class, () -> pipe.readUntilZeroCopy(new byte[0], true));
    assertThrows(NullPointerException.class, () -> pipe.readUntil(null));
    assertThrows(NullPointerException.class, () -> pipe.readUntilZeroCopy(null, false, 3));
    assertEquals(3, pipe.length());
  }

  @Test
  void theFirstOfOverlappingCandidatesWins() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "aaaab|ababac|");
    assertContent("aaaab", pipe.readUntil(bytes("aab")));
    assertContent("|ababac", pipe.readUntil(bytes("abac")));
    assertContent("|", pipe.read());
  }

  // ------------------------------------------------------------------ across chunks

  @Test
  void readUntilFindsSeparatorSplitAcrossTwoChunks() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abc\r\ndef"); // chunks "abc\r" "\ndef"
    assertContent("abc", pipe.readUntil(CRLF, true));
    assertContent("def", pipe.read());
  }

  @Test
  void readUntilFindsSeparatorSplitAcrossThreeChunks() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abc<-==->tail"); // chunks "abc<" "-==-" ">tai" "l"
    assertContent("abc<-==->", pipe.readUntil(bytes("<-==->")));
    assertContent("tail", pipe.read());
    Pipe tiny = pipe(1);
    write(tiny, "xy:::z");
    assertContent("xy", tiny.readUntil(bytes(":::"), true));
    assertContent("z", tiny.read());
  }

  @Test
  void zeroCopyReadUntilSpansChunks() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "hello, world\r\nnext");
    try (ByteSequence line = pipe.readUntilZeroCopy(CRLF, false);
        ByteSequence none = pipe.readUntilZeroCopy(CRLF, true)) {
      assertContent("hello, world\r\n", line);
      assertTrue(line.segmentCount() >= 7);
      assertNull(none);
    }
    write(pipe, "\r\n");
    try (ByteSequence next = pipe.readUntilZeroCopy(CRLF, true)) {
      assertContent("next", next);
    }
  }

  // ------------------------------------------------------------------ resuming a search

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5})
  void separatorTricklingInOneByteAtATimeIsFoundWhenComplete(int chunk) throws IOException {
    Pipe pipe = pipe(chunk);
    String input = "ab\r\r\n\r\ncd\r\n";
    StringBuilder got = new StringBuilder();
    for (String c : eachByte(input)) {
      trickle(pipe, c);
      byte[] line = pipe.readUntil(CRLF);
      if (line != null) {
        got.append('[').append(str(line)).append(']');
      }
    }
    assertEquals("[ab\r\r\n][\r\n][cd\r\n]", got.toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 7})
  void selfOverlappingSeparatorTricklingInIsFoundAtItsFirstOccurrence(int chunk)
      throws IOException {
    Pipe pipe = pipe(chunk);
    byte[] sep = bytes("aab");
    for (String c : eachByte("xaaaaa")) {
      trickle(pipe, c);
      assertNull(pipe.readUntil(sep));
    }
    trickle(pipe, "b");
    assertContent("xaaaaab", pipe.readUntil(sep));
  }

  @Test
  void prefixOfTheSeparatorAtTheEndOfSearchedDataIsNotSkipped() throws IOException {
    Pipe pipe = pipe(2);
    byte[] sep = bytes("abc");
    write(pipe, "xxab");
    assertNull(pipe.readUntil(sep));
    write(pipe, "c");
    assertContent("xxabc", pipe.readUntil(sep));
  }

  @Test
  void falseStartOfTheSeparatorDoesNotHideALaterOne() throws IOException {
    Pipe pipe = pipe(1);
    for (String c : eachByte("a\rb\r\r")) {
      trickle(pipe, c);
      assertNull(pipe.readUntil(CRLF));
    }
    trickle(pipe, "\n");
    assertContent("a\rb\r", pipe.readUntil(CRLF, true));
  }

  @Test
  void aDifferentSeparatorIsSearchedFromTheStart() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "ab;cd,ef");
    assertNull(pipe.readUntil(NL));
    assertContent("ab;", pipe.readUntil(bytes(";")));
    assertNull(pipe.readUntil(bytes("\r\n")));
    assertContent("cd", pipe.readUntil(bytes(","), true));
    assertNull(pipe.readUntil(bytes(";")));
    assertContent("ef", pipe.read());
  }

  @Test
  void aSuccessfulSearchForANewSeparatorDoesNotInheritTheOldSearchPosition() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "000");
    assertNull(pipe.readUntil(bytes("1")));
    assertContent("0", pipe.readUntil(bytes("0")));
    assertContent("0", pipe.readUntil(bytes("0")));
    assertContent("0", pipe.readUntil(bytes("0"), false, 1));
  }

  @Test
  void aStaleSearchPositionNeverMakesReadUntilSkipASeparator() throws IOException {
    Pipe pipe = pipe(4096);
    write(pipe, "0000");
    assertNull(pipe.readUntil(bytes("010")));
    assertContent("0", pipe.readUntil(bytes("0"), false, 1));
    assertContent("0", pipe.readUntil(bytes("0")));
    assertEquals(2, pipe.length());
  }

  @Test
  void aSuccessfulSearchWithALimitDoesNotInheritTheOldSearchPosition() throws IOException {
    Pipe pipe = pipe(1);
    write(pipe, "00");
    assertNull(pipe.readUntil(bytes("1")));
    assertContent("0", pipe.readUntil(bytes("0"), false, 1));
    assertContent("0", pipe.readUntil(bytes("0")));
  }

  @Test
  void aSeparatorArrayChangedBetweenCallsIsSearchedAnew() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "key=value;");
    byte[] sep = bytes("\n");
    assertNull(pipe.readUntil(sep));
    sep[0] = '=';
    assertContent("key", pipe.readUntil(sep, true));
    sep[0] = ';';
    assertContent("value", pipe.readUntil(sep, true));
  }

  @Test
  void aLongerSeparatorSharingAPrefixIsSearchedAnew() throws IOException {
    Pipe pipe = pipe(3);
    write(pipe, "a\r\nb\r\n\r\n");
    assertNull(pipe.readUntil(bytes("\r\n\r\n\r\n")));
    assertContent("a\r\nb\r\n\r\n", pipe.readUntil(bytes("\r\n\r\n")));
  }

  @Test
  void readsBetweenCallsMoveTheSearchAlong() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abcdef");
    assertNull(pipe.readUntil(NL));
    assertContent("a", pipe.read(1));
    assertNull(pipe.readUntil(NL));
    assertEquals(2, pipe.skip(2));
    assertContent("de", pipe.peek(2));
    assertNull(pipe.readUntil(NL));
    write(pipe, "g\nh");
    assertContent("defg\n", pipe.readUntil(NL));
    assertContent("h", pipe.read());
  }

  @Test
  void readingPastTheSearchedPartResetsTheSearch() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abc");
    assertNull(pipe.readUntil(NL));
    write(pipe, "de");
    assertContent("abcd", pipe.read(4));
    write(pipe, "\n");
    assertContent("e\n", pipe.readUntil(NL));
  }

  @Test
  void zeroCopyAndCopyingCallsShareTheResumedSearch() throws IOException {
    Pipe pipe = pipe(1);
    trickle(pipe, "ab\r");
    assertNull(pipe.readUntilZeroCopy(CRLF, false));
    assertNull(pipe.readUntil(CRLF, true));
    trickle(pipe, "\nc\r");
    try (ByteSequence s = pipe.readUntilZeroCopy(CRLF, true)) {
      assertContent("ab", s);
    }
    assertNull(pipe.readUntil(CRLF));
    trickle(pipe, "\n");
    assertContent("c\r\n", pipe.readUntil(CRLF));
  }

  @Test
  void separatorTricklingInThroughEveryWriteStyleMatchesAReferenceSplit() throws IOException {
    Random random = new Random(7);
    for (int round = 0; round < 50; round++) {
      Pipe pipe = pipe(1 + random.nextInt(5));
      byte[] sep = new byte[1 + random.nextInt(3)];
      for (int i = 0; i < sep.length; i++) {
        sep[i] = (byte) ('a' + random.nextInt(2));
      }
      StringBuilder input = new StringBuilder();
      for (int i = 0; i < 60; i++) {
        input.append((char) ('a' + random.nextInt(3)));
      }
      String text = input.toString();
      String separator = str(sep);
      StringBuilder expected = new StringBuilder();
      int from = 0;
      int at;
      while ((at = text.indexOf(separator, from)) >= 0) {
        expected.append('[').append(text, from, at).append(']');
        from = at + separator.length();
      }
      StringBuilder got = new StringBuilder();
      for (int i = 0; i < text.length(); ) {
        int n = Math.min(1 + random.nextInt(3), text.length() - i);
        trickle(pipe, text.substring(i, i + n));
        i += n;
        byte[] line;
        while ((line = pipe.readUntil(sep, true)) != null) {
          got.append('[').append(str(line)).append(']');
        }
      }
      assertEquals(expected.toString(), got.toString(), "separator " + separator + " in " + text);
      assertEquals(text.length() - from, pipe.length());
    }
  }

  // ------------------------------------------------------------------ limit

  @Test
  void limitBelowOneIsRejectedNamingIt() {
    Pipe pipe = pipe();
    write(pipe, "a\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pipe.readUntil(NL, false, 0));
    assertTrue(e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> pipe.readUntil(NL, false, -5));
    assertTrue(e.getMessage().contains("-5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pipe.readUntilZeroCopy(NL, false, 0));
    assertEquals(2, pipe.length());
  }

  @Test
  void limitIsNullWhileFewerBytesAreBuffered() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "abcd");
    assertNull(pipe.readUntil(NL, false, 5));
    assertNull(pipe.readUntilZeroCopy(NL, false, 5));
    assertEquals(4, pipe.length());
  }

  @Test
  void limitThrowsOnceLimitBytesAreBufferedWithoutSeparatorAndKeepsThem() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abcde");
    LimitExceededException e =
        assertThrows(LimitExceededException.class, () -> pipe.readUntil(NL, false, 5));
    assertEquals(5, e.limit());
    assertTrue(e.getMessage().contains("5"), e.getMessage());
    assertEquals(5, pipe.length());
    assertContent("abcde", pipe.peek());
    LimitExceededException z =
        assertThrows(LimitExceededException.class, () -> pipe.readUntilZeroCopy(NL, true, 3));
    assertEquals(3, z.limit());
    write(pipe, "\n");
    assertContent("abcde\n", pipe.readUntil(NL, false, 6));
  }

  @Test
  void limitThrowsWhenTheFirstSeparatorEndsPastIt() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abcd\nef\n");
    assertThrows(LimitExceededException.class, () -> pipe.readUntil(NL, false, 4));
    assertThrows(LimitExceededException.class, () -> pipe.readUntil(NL, true, 4));
    assertEquals(8, pipe.length());
    assertContent("abcd\n", pipe.readUntil(NL, false, 5));
    assertContent("ef", pipe.readUntil(NL, true, 3));
  }

  @Test
  void limitCountsTheSeparatorEvenWhenItIsSkipped() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "ab\r\n");
    assertThrows(LimitExceededException.class, () -> pipe.readUntil(CRLF, true, 3));
    assertContent("ab", pipe.readUntil(CRLF, true, 4));
  }

  @Test
  void limitThrowsWhenASeparatorStartedButCannotEndWithinIt() {
    Pipe pipe = pipe(2);
    write(pipe, "ab\r");
    assertThrows(LimitExceededException.class, () -> pipe.readUntil(CRLF, false, 3));
    assertEquals(3, pipe.length());
  }

  @Test
  void limitWithTricklingInputGivesNullThenThrows() throws IOException {
    Pipe pipe = pipe(1);
    for (String c : eachByte("abcdefg")) {
      trickle(pipe, c);
      if (pipe.length() < 8) {
        assertNull(pipe.readUntil(CRLF, true, 8), "at " + pipe.length());
      }
    }
    trickle(pipe, "\r");
    assertThrows(LimitExceededException.class, () -> pipe.readUntil(CRLF, true, 8));
    assertEquals(8, pipe.length());
    trickle(pipe, "\n");
    assertContent("abcdefg\r\n", pipe.readUntil(CRLF, false, 9));
  }

  @Test
  void hugeLimitBehavesLikeNoLimit() throws IOException {
    Pipe pipe = pipe(3);
    byte[] data = pattern(1000, 10);
    pipe.write(data);
    assertNull(pipe.readUntil(bytes("\n"), true, Long.MAX_VALUE));
    write(pipe, "\n");
    assertArrayEquals(data, pipe.readUntil(bytes("\n"), true, Long.MAX_VALUE));
  }

  @Test
  void limitIsCheckedAfterReadsBetweenCalls() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abcd");
    assertNull(pipe.readUntil(NL, false, 6));
    assertEquals(3, pipe.skip(3));
    write(pipe, "efgh");
    assertNull(pipe.readUntil(NL, false, 6));
    write(pipe, "i");
    assertThrows(LimitExceededException.class, () -> pipe.readUntil(NL, false, 6));
    assertContent("defghi", pipe.read());
  }
}
