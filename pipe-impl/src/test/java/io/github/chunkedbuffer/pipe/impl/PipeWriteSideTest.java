package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ByteView;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipeWriteSideTest extends PipeTestSupport {

  // ------------------------------------------------------------------ getBuffer sizes

  @Test
  void getBufferWithHintMinusOneOrZeroHasAtLeastOneByteAndAtMostMax() {
    Pipe pipe = pipe(4, 8);
    for (int hint : new int[] {-1, 0}) {
      ByteBuffer buffer = pipe.getBuffer(hint);
      assertTrue(buffer.remaining() >= 1 && buffer.remaining() <= 8, "hint " + hint + ": " + buffer);
    }
    ByteBuffer buffer = pipe.getBuffer();
    assertTrue(buffer.remaining() >= 1 && buffer.remaining() <= 8, buffer.toString());
  }

  @Test
  void getBufferHasRoomForTheHintAndAtMostTheLargerOfHintAndMax() {
    Pipe pipe = pipe(2, 8);
    for (int hint = 1; hint <= 20; hint++) {
      ByteBuffer buffer = pipe.getBuffer(hint);
      assertTrue(buffer.remaining() >= hint, "hint " + hint + ": " + buffer);
      assertTrue(buffer.remaining() <= Math.max(hint, 8), "hint " + hint + ": " + buffer);
      assertFalse(buffer.isReadOnly());
      // commit part of it so that later hints meet a partly filled chunk
      int n = hint % 3;
      for (int i = 0; i < n; i++) {
        buffer.put((byte) hint);
      }
      pipe.bufferWritten(n);
    }
  }

  @Test
  void getBufferNeverLendsMoreThanMaxEvenWhenThePoolHandsOutBiggerBuffers() throws IOException {
    CountingPool generous = new CountingPool(1000, false);
    try (Pipe pipe = Pipe.builder().pool(generous).minChunkSize(4).maxChunkSize(8).build()) {
      for (int i = 0; i < 10; i++) {
        ByteBuffer buffer = pipe.getBuffer();
        assertTrue(buffer.remaining() <= 8, buffer.toString());
        buffer.put((byte) i);
        pipe.bufferWritten(1);
      }
      pipe.write(new byte[100]);
      try (ByteSequence all = pipe.readZeroCopy(-1)) {
        assertEquals(110, all.length());
        for (ByteBuffer segment : all) {
          assertTrue(segment.remaining() <= 8, "a chunk holds more than maxChunkSize: " + segment);
        }
      }
    }
    generous.assertAllReturned();
  }

  @Test
  void hintAboveMaxGetsABufferOfExactlyThatSize() throws IOException {
    Pipe pipe = pipe(4, 8);
    write(pipe, "ab");
    ByteBuffer buffer = pipe.getBuffer(100);
    assertEquals(100, buffer.remaining());
    byte[] data = pattern(100, 7);
    buffer.put(data);
    pipe.bufferWritten(100);
    assertEquals(102, pipe.length());
    assertContent("ab", pipe.read(2));
    assertArrayEquals(data, pipe.read());
  }

  @Test
  void hintBelowMinusOneIsRejectedNamingIt() {
    Pipe pipe = pipe();
    write(pipe, "abc");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pipe.getBuffer(-2));
    assertTrue(e.getMessage().contains("-2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pipe.getBuffer(Integer.MIN_VALUE));
    assertEquals(3, pipe.length());
    assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(0), "nothing is lent");
  }

  @Test
  void lentBufferIsWrittenFromItsPositionOn() throws IOException {
    Pipe pipe = pipe(4, 16);
    write(pipe, "abc");
    ByteBuffer buffer = pipe.getBuffer(5);
    int start = buffer.position();
    buffer.put(bytes("defgh"));
    assertEquals(start + 5, buffer.position());
    pipe.bufferWritten(5);
    assertContent("abcdefgh", pipe.read());
  }

  // ------------------------------------------------------------------ lent buffer lifetime

  @Test
  void lentBufferStaysValidWhileEverythingBeforeItIsRead() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abc");
    ByteBuffer buffer = pipe.getBuffer();
    assertContent("abc", pipe.read());
    assertNull(pipe.read());
    buffer.put((byte) 'd');
    pipe.bufferWritten(1);
    assertContent("d", pipe.read());
  }

  @Test
  void lentBufferStaysValidAcrossEveryKindOfRead() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcdefghij");
    ByteBuffer buffer = pipe.getBuffer(3);
    assertContent("ab", pipe.peek(2));
    assertEquals(1, pipe.skip(1));
    assertContent("bc", pipe.readExact(2));
    try (ByteSequence s = pipe.readZeroCopy(3)) {
      assertContent("def", s);
    }
    assertEquals(3, pipe.findByte((byte) 'j'));
    assertContent("ghij", pipe.readUntil(bytes("j")));
    assertEquals(0, pipe.length());
    buffer.put(bytes("xyz"));
    pipe.bufferWritten(3);
    assertContent("xyz", pipe.read());
  }

  @Test
  void lentBufferInsideAChunkThatWasReadEmptyIsNotGivenBackEarly() throws IOException {
    Pipe pipe = pipe(8);
    Pipe other = pipe(8);
    write(pipe, "ab");
    ByteBuffer buffer = pipe.getBuffer(-1);
    assertContent("ab", pipe.read());
    // a chunk given back too early would be lent to the other pipe and overwritten here
    byte[] noise = pattern(64, 5);
    other.write(noise);
    int n = buffer.remaining();
    for (int i = 0; i < n; i++) {
      buffer.put((byte) ('0' + i));
    }
    pipe.bufferWritten(n);
    byte[] got = pipe.read();
    assertEquals(n, got.length);
    for (int i = 0; i < n; i++) {
      assertEquals('0' + i, got[i]);
    }
    assertArrayEquals(noise, other.read());
  }

  @Test
  void onlyTheLastLentBufferCounts() throws IOException {
    Pipe pipe = pipe(4, 4);
    ByteBuffer first = pipe.getBuffer(100);
    assertEquals(100, first.remaining());
    ByteBuffer second = pipe.getBuffer(1);
    assertTrue(second.remaining() <= 4, second.toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pipe.bufferWritten(5));
    assertTrue(e.getMessage().contains("5"), e.getMessage());
    second.put(bytes("ab"));
    pipe.bufferWritten(2);
    assertContent("ab", pipe.read());
  }

  @Test
  void theLastLentBufferIsWhatGetsCommittedEvenWhenAnEarlierOneWasFilled() throws IOException {
    Pipe pipe = pipe(8);
    ByteBuffer first = pipe.getBuffer(4);
    first.put(bytes("XXXX"));
    ByteBuffer second = pipe.getBuffer(4);
    second.put(bytes("ab"));
    pipe.bufferWritten(2);
    assertContent("ab", pipe.read());
  }

  // ------------------------------------------------------------------ bufferWritten misuse

  @Test
  void bufferWrittenMoreThanLentIsRejectedAndLeavesTheBufferLent() throws IOException {
    Pipe pipe = pipe(4, 8);
    write(pipe, "abc");
    ByteBuffer buffer = pipe.getBuffer(2);
    int lent = buffer.remaining();
    buffer.put(bytes("de"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pipe.bufferWritten(lent + 1));
    assertTrue(e.getMessage().contains(Integer.toString(lent + 1)), e.getMessage());
    assertTrue(e.getMessage().contains(Integer.toString(lent)), e.getMessage());
    assertEquals(3, pipe.length());
    assertContent("abc", pipe.peek());
    pipe.bufferWritten(2);
    assertContent("abcde", pipe.read());
  }

  @Test
  void bufferWrittenNegativeIsRejectedAndLeavesTheBufferLent() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "a");
    ByteBuffer buffer = pipe.getBuffer(1);
    buffer.put((byte) 'b');
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pipe.bufferWritten(-3));
    assertTrue(e.getMessage().contains("-3"), e.getMessage());
    assertEquals(1, pipe.length());
    pipe.bufferWritten(1);
    assertContent("ab", pipe.read());
  }

  /** A write of nothing, in each of its forms. */
  private interface EmptyWrite {
    void write(Pipe pipe) throws IOException;
  }

  private static final Map<String, EmptyWrite> EMPTY_WRITES = emptyWrites();

  private static Map<String, EmptyWrite> emptyWrites() {
    Map<String, EmptyWrite> writes = new LinkedHashMap<>();
    writes.put("write(byte[0])", p -> p.write(new byte[0]));
    writes.put("write(ByteBuffer of nothing)", p -> p.write(ByteBuffer.allocate(0)));
    writes.put("write(\"\", UTF_8)", p -> p.write("", StandardCharsets.UTF_8));
    writes.put("write(\"\", ISO_8859_1)", p -> p.write("", StandardCharsets.ISO_8859_1));
    writes.put("write(empty sequence)", p -> {
      Pipe other = Pipe.builder().build();
      try (ByteSequence empty = other.readExactZeroCopy(0)) {
        p.write(empty);
      } finally {
        other.close();
      }
    });
    writes.put("write(view of nothing)", p -> {
      ByteView view = p.newView();
      assertTrue(p.peekExact(0, view));
      p.write(view);
    });
    return writes;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyWriteOfNothingEndsTheLoanAsEveryWriteDoes(boolean concurrent) throws IOException {
    for (Map.Entry<String, EmptyWrite> w : EMPTY_WRITES.entrySet()) {
      Pipe pipe = concurrent ? concurrent(4, 1 << 20, 1 << 19) : pipe(4);
      write(pipe, "ab");
      ByteBuffer lent = pipe.getBuffer(2);
      lent.put(bytes("xy"));
      w.getValue().write(pipe);
      assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(2),
          w.getKey() + " must end the loan, as the SPEC says every write does");
      assertContent("ab", pipe.read());
    }
  }

  @Test
  void everyWriteOfNothingEndsTheBorrowedViews() throws IOException {
    for (Map.Entry<String, EmptyWrite> w : EMPTY_WRITES.entrySet()) {
      Pipe pipe = pipe(4);
      write(pipe, "abcdef");
      ByteView view = pipe.newView();
      assertTrue(pipe.peekExact(5, view));
      w.getValue().write(pipe);
      assertThrows(IllegalStateException.class, view::length,
          w.getKey() + " is a write: the view must be stale after it");
      assertContent("abcdef", pipe.read());
    }
  }

  @Test
  void bufferWrittenWithNothingLentIsIllegalState() throws IOException {
    Pipe pipe = pipe();
    assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(1));
    assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(0));
    assertEquals(0, pipe.length());
    trickle(pipe, "ok");
    assertContent("ok", pipe.read());
  }

  @Test
  void secondBufferWrittenAfterACommitIsIllegalStateAndCommitsNothing() throws IOException {
    Pipe pipe = pipe(8);
    ByteBuffer buffer = pipe.getBuffer(4);
    buffer.put(bytes("abcd"));
    pipe.bufferWritten(2);
    assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(2));
    assertEquals(2, pipe.length());
    write(pipe, "e");
    assertContent("abe", pipe.read());
  }

  @Test
  void bufferWrittenZeroCommitsNothingAndEndsTheLoan() throws IOException {
    Pipe pipe = pipe();
    pipe.getBuffer(3).put((byte) 'z');
    pipe.bufferWritten(0);
    assertEquals(0, pipe.length());
    assertNull(pipe.read());
    assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(1));
    assertEquals(0, pipe.length());
  }

  @Test
  void writeEndsTheLoanOfTheLastLentBuffer() throws IOException {
    Pipe pipe = pipe(8);
    pipe.getBuffer(4).put(bytes("XXXX"));
    write(pipe, "ab");
    assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(1));
    assertContent("ab", pipe.read());
  }

  // ------------------------------------------------------------------ write variants

  @Test
  void writeArrayCopiesAcrossManyChunks() throws IOException {
    Pipe pipe = pipe(1, 3);
    byte[] data = pattern(1000, 251);
    pipe.write(data);
    Arrays.fill(data, (byte) 0); // the pipe holds a copy
    assertEquals(1000, pipe.length());
    assertArrayEquals(pattern(1000, 251), pipe.read());
  }

  @Test
  void writeArrayRangeCopiesOnlyTheRange() throws IOException {
    Pipe pipe = pipe();
    pipe.write(bytes("0123456789"), 2, 5);
    pipe.write(bytes("0123456789"), 0, 0);
    pipe.write(bytes("0123456789"), 10, 0);
    pipe.write(new byte[0]);
    assertContent("23456", pipe.read());
  }

  @Test
  void writeArrayRangeOutsideTheArrayIsRejectedAndWritesNothing() throws IOException {
    Pipe pipe = pipe();
    write(pipe, "ab");
    byte[] src = bytes("0123456789");
    int[][] bad = {{-1, 2}, {0, -1}, {0, 11}, {9, 2}, {11, 0}, {1, Integer.MAX_VALUE},
      {Integer.MAX_VALUE, 1}, {Integer.MIN_VALUE, 0}};
    for (int[] range : bad) {
      assertThrows(
          IndexOutOfBoundsException.class,
          () -> pipe.write(src, range[0], range[1]),
          () -> Arrays.toString(range));
      assertEquals(2, pipe.length(), () -> Arrays.toString(range));
    }
    assertContent("ab", pipe.read());
  }

  @Test
  void writeHeapByteBufferCopiesItsRemainingBytesAndAdvancesIt() throws IOException {
    Pipe pipe = pipe();
    ByteBuffer src = ByteBuffer.wrap(bytes("xxhello worldyy"));
    src.position(2).limit(13);
    pipe.write(src);
    assertEquals(13, src.position());
    assertEquals(13, src.limit());
    assertContent("hello world", pipe.read());
  }

  @Test
  void writeSlicedHeapByteBufferHonoursItsArrayOffset() throws IOException {
    Pipe pipe = pipe();
    ByteBuffer src = ByteBuffer.wrap(bytes("0123456789")).position(3).slice();
    src.limit(4);
    pipe.write(src);
    assertContent("3456", pipe.read());
  }

  @Test
  void writeDirectAndReadOnlyByteBuffers() throws IOException {
    Pipe pipe = pipe(3);
    ByteBuffer direct = ByteBuffer.allocateDirect(20);
    direct.put(bytes("direct-bytes")).flip();
    pipe.write(direct);
    assertFalse(direct.hasRemaining());
    ByteBuffer readOnly = ByteBuffer.wrap(bytes("|read-only")).asReadOnlyBuffer();
    pipe.write(readOnly);
    assertFalse(readOnly.hasRemaining());
    pipe.write(ByteBuffer.allocate(0));
    assertContent("direct-bytes|read-only", pipe.read());
  }

  @Test
  void nullSourcesAreRejected() {
    Pipe pipe = pipe();
    assertThrows(NullPointerException.class, () -> pipe.write((byte[]) null));
    assertThrows(NullPointerException.class, () -> pipe.write(null, 0, 0));
    assertThrows(NullPointerException.class, () -> pipe.write((ByteBuffer) null));
    assertThrows(NullPointerException.class, () -> pipe.readFrom(null));
    assertEquals(0, pipe.length());
  }

  @Test
  void mixedWritesKeepTheirOrder() throws IOException {
    Pipe pipe = pipe(1, 5);
    Random random = new Random(42);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      String piece = Integer.toString(i, 36) + ",";
      expected.append(piece);
      switch (random.nextInt(4)) {
        case 0 -> write(pipe, piece);
        case 1 -> pipe.write(ByteBuffer.wrap(bytes(piece)));
        case 2 -> {
          ByteBuffer b = pipe.getBuffer(piece.length());
          b.put(bytes(piece));
          pipe.bufferWritten(piece.length());
        }
        default -> trickle(pipe, piece);
      }
    }
    assertContent(expected.toString(), pipe.read());
  }

  // ------------------------------------------------------------------ readFrom

  /** A channel that hands out queued arrays; -1 when told so; null entries mean "0 bytes now". */
  static final class ScriptedChannel implements ReadableByteChannel {
    final Deque<Object> script = new ArrayDeque<>();
    int maxPerRead = Integer.MAX_VALUE;
    int lastRemaining = -1;

    ScriptedChannel then(Object step) {
      script.add(step);
      return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      lastRemaining = dst.remaining();
      Object step = script.poll();
      if (step == null || "zero".equals(step)) {
        return 0;
      }
      if (step instanceof IOException e) {
        dst.put((byte) '!'); // scribble before failing: nothing may be committed
        throw e;
      }
      if ("eof".equals(step)) {
        return -1;
      }
      byte[] data = (byte[]) step;
      int n = Math.min(Math.min(data.length, dst.remaining()), maxPerRead);
      dst.put(data, 0, n);
      if (n < data.length) {
        script.addFirst(Arrays.copyOfRange(data, n, data.length));
      }
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  @Test
  void readFromCommitsWhatTheChannelReadAndReturnsTheCount() throws IOException {
    Pipe pipe = pipe(4, 16);
    ScriptedChannel channel = new ScriptedChannel().then(bytes("hello")).then("zero").then("eof");
    int total = 0;
    int n;
    while ((n = pipe.readFrom(channel)) > 0) {
      assertTrue(channel.lastRemaining >= 1);
      total += n;
    }
    assertEquals(5, total);
    assertEquals(0, n, "a channel with nothing to give yields 0");
    assertFalse(pipe.isClosed());
    assertContent("hello", pipe.peek());
    assertEquals(-1, pipe.readFrom(channel));
    assertTrue(pipe.isClosed());
    assertContent("hello", pipe.read());
    assertTrue(pipe.reachedEof());
    assertThrows(IllegalStateException.class, () -> pipe.readFrom(channel));
  }

  @Test
  void readFromAtEndOfStreamSignalsEofAndReturnsMinusOne() throws IOException {
    Pipe pipe = pipe();
    assertEquals(-1, pipe.readFrom(new ScriptedChannel().then("eof")));
    assertTrue(pipe.isClosed());
    assertTrue(pipe.reachedEof());
    assertArrayEquals(new byte[0], pipe.read());
    assertThrows(IllegalStateException.class, () -> write(pipe, "x"));
  }

  @Test
  void readFromPropagatesTheChannelsFailureAndCommitsNothing() throws IOException {
    Pipe pipe = pipe(8);
    write(pipe, "ab");
    IOException boom = new IOException("boom");
    ScriptedChannel channel = new ScriptedChannel().then(boom).then(bytes("cd"));
    IOException e = assertThrows(IOException.class, () -> pipe.readFrom(channel));
    assertSame(boom, e);
    assertEquals(2, pipe.length());
    assertFalse(pipe.isClosed());
    assertEquals(2, pipe.readFrom(channel));
    assertContent("abcd", pipe.read());
  }

  @Test
  void readFromFillsManySmallChunks() throws IOException {
    Pipe pipe = pipe(1, 2);
    byte[] data = pattern(50, 13);
    ScriptedChannel channel = new ScriptedChannel().then(data).then("eof");
    int calls = 0;
    while (pipe.readFrom(channel) >= 0) {
      calls++;
    }
    assertTrue(calls >= 25, "a chunk holds at most 2 bytes, calls " + calls);
    assertArrayEquals(data, pipe.read());
  }

  // ------------------------------------------------------------------ after eof

  @Test
  void everyWriteAfterEofIsIllegalState() {
    for (boolean withCause : new boolean[] {false, true}) {
      Pipe pipe = pipe();
      write(pipe, "ab");
      if (withCause) {
        pipe.eof(new IOException("x"));
      } else {
        pipe.eof();
      }
      assertThrows(IllegalStateException.class, () -> pipe.getBuffer());
      assertThrows(IllegalStateException.class, () -> pipe.getBuffer(4));
      assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(0));
      assertThrows(IllegalStateException.class, () -> pipe.write(bytes("c")));
      assertThrows(IllegalStateException.class, () -> pipe.write(bytes("c"), 0, 1));
      assertThrows(IllegalStateException.class, () -> pipe.write(ByteBuffer.wrap(bytes("c"))));
      assertThrows(
          IllegalStateException.class,
          () -> pipe.readFrom(new ScriptedChannel().then(bytes("c"))));
      assertEquals(2, pipe.length());
    }
  }

  @Test
  void eofEndsTheLoanOfTheLentBuffer() throws IOException {
    Pipe pipe = pipe();
    pipe.getBuffer(2).put(bytes("ab"));
    pipe.eof();
    assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(2));
    assertEquals(0, pipe.length());
    assertArrayEquals(new byte[0], pipe.read());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 8, 64})
  void largeWritesRoundTripWithAnyChunkSize(int chunk) throws IOException {
    Pipe pipe = pipe(chunk);
    byte[] data = new byte[5000];
    new Random(chunk).nextBytes(data);
    pipe.write(data, 0, 2500);
    pipe.write(ByteBuffer.wrap(data, 2500, 2500));
    assertEquals(5000, pipe.length());
    assertArrayEquals(data, pipe.readExact(5000));
  }
}
