package io.github.chunkedbuffer.pipe.impl;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.BufferLimitExceededException;
import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ByteView;
import io.github.chunkedbuffer.pipe.LimitExceededException;
import io.github.chunkedbuffer.pipe.PartialReadException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The protocol toolkit on {@link Pipe}: typed reads and writes, in-place getters and numbers,
 * text, and {@code write(ByteView)}, on plain, debug and concurrent pipes. Values are checked
 * against {@link ByteBuffer}'s own typed access; the model test in {@code pipe-tests} runs them in
 * random sequences.
 */
class PipeToolkitTest extends PipeTestSupport {

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void typedReadsMatchByteBufferAtEveryChunkOffset() throws IOException {
    byte[] data = random(4096, 1);
    for (int chunk = 1; chunk <= 9; chunk++) {
      Pipe pipe = pipe(chunk);
      pipe.write(data);
      ByteBuffer be = ByteBuffer.wrap(data);
      ByteBuffer le = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
      int at = 0;
      for (int step = 0; at + 8 <= data.length; step++) {
        switch (step % 12) {
          case 0 -> assertEquals(be.get(at), pipe.readByte());
          case 1 -> assertEquals(be.getShort(at), pipe.readShort());
          case 2 -> assertEquals(be.getInt(at), pipe.readInt());
          case 3 -> assertEquals(be.getLong(at), pipe.readLong());
          case 4 -> assertEquals(le.getShort(at), pipe.readShortLE());
          case 5 -> assertEquals(le.getInt(at), pipe.readIntLE());
          case 6 -> assertEquals(le.getLong(at), pipe.readLongLE());
          case 7 -> assertEquals(be.get(at) & 0xFF, pipe.readUnsignedByte());
          case 8 -> assertEquals(be.getShort(at) & 0xFFFF, pipe.readUnsignedShort());
          case 9 -> assertEquals(be.getInt(at) & 0xFFFF_FFFFL, pipe.readUnsignedInt());
          case 10 -> assertEquals(le.getShort(at) & 0xFFFF, pipe.readUnsignedShortLE());
          default -> assertEquals(le.getInt(at) & 0xFFFF_FFFFL, pipe.readUnsignedIntLE());
        }
        at += new int[] {1, 2, 4, 8, 2, 4, 8, 1, 2, 4, 2, 4}[step % 12];
        assertEquals(data.length - at, pipe.length(), "chunk size " + chunk + ", step " + step);
      }
    }
  }

  @Test
  void gettersReadInPlaceAcrossChunksAndConsumeNothing() {
    byte[] data = random(200, 2);
    Pipe pipe = pipe(3);
    pipe.write(data);
    pipe.write(new byte[0]);
    ByteBuffer be = ByteBuffer.wrap(data);
    ByteBuffer le = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 8 <= data.length; i++) {
      assertEquals(be.getShort(i), pipe.shortAt(i));
      assertEquals(be.getInt(i), pipe.intAt(i));
      assertEquals(be.getLong(i), pipe.longAt(i));
      assertEquals(le.getShort(i), pipe.shortAtLE(i));
      assertEquals(le.getInt(i), pipe.intAtLE(i));
      assertEquals(le.getLong(i), pipe.longAtLE(i));
    }
    assertEquals(200, pipe.length());
  }

  @Test
  void gettersOutsideTheBufferedBytesThrowWithTheIndexAndLength() {
    Pipe pipe = pipe(4);
    write(pipe, "abcdef");
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> pipe.intAt(3));
    assertTrue(e.getMessage().contains("intAt(3)") && e.getMessage().contains("6"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> pipe.shortAt(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> pipe.longAt(0));
    assertThrows(IndexOutOfBoundsException.class, () -> pipe.intAt(Long.MAX_VALUE));
    assertEquals(0x63646566, pipe.intAt(2));
    assertEquals(6, pipe.length());
  }

  @Test
  void aTypedReadWithTooFewBytesConsumesNothingAndSaysHowManyWereMissing() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abc");
    BufferUnderflowException e = assertThrows(BufferUnderflowException.class, pipe::readInt);
    assertTrue(e.getMessage().contains("needs 4 bytes, 3 are buffered"), e.getMessage());
    assertEquals(3, pipe.length());
    write(pipe, "d");
    assertEquals(0x61626364, pipe.readInt());
    assertThrows(BufferUnderflowException.class, pipe::readByte);
  }

  @Test
  void aTypedReadCutByEofCarriesTheRestAndConsumesIt() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "xyz");
    pipe.eof();
    PartialReadException e = assertThrows(PartialReadException.class, pipe::readLong);
    assertEquals("xyz", str(e.leftover()));
    assertTrue(pipe.reachedEof());
    assertThrows(PartialReadException.class, pipe::readByte);
  }

  @Test
  void aTypedReadOfAnEmptyFailedPipeThrowsTheWritersFailure() {
    Pipe pipe = pipe(4);
    IllegalStateException cause = new IllegalStateException("peer reset");
    pipe.eof(cause);
    IOException e = assertThrows(IOException.class, pipe::readInt);
    assertTrue(e.getCause() == cause, "the cause is the writer's");
  }

  @Test
  void typedCallsOnAClosedPipeThrowIllegalState() {
    Pipe pipe = pipe(4);
    write(pipe, "abcdefgh");
    pipe.close();
    assertThrows(IllegalStateException.class, pipe::readInt);
    assertThrows(IllegalStateException.class, () -> pipe.intAt(0));
    assertThrows(IllegalStateException.class, () -> pipe.parseLong(0, 1, 10));
    assertThrows(IllegalStateException.class, () -> pipe.writeInt(1));
    assertThrows(IllegalStateException.class, () -> pipe.readLine(10));
    assertThrows(IllegalStateException.class, () -> pipe.readString(1, UTF_8));
    assertThrows(IllegalStateException.class, () -> pipe.write("x", UTF_8));
  }

  @Test
  void typedWritesProduceWhatByteBufferWritesAcrossChunks() throws IOException {
    for (int chunk = 1; chunk <= 9; chunk++) {
      Pipe pipe = pipe(chunk);
      ByteBuffer expected = ByteBuffer.allocate(64);
      pipe.writeByte(0x1FF);
      expected.put((byte) 0xFF);
      pipe.writeShort(0x12345);
      expected.putShort((short) 0x2345);
      pipe.writeInt(0xCAFEBABE);
      expected.putInt(0xCAFEBABE);
      pipe.writeLong(0x0102030405060708L);
      expected.putLong(0x0102030405060708L);
      pipe.writeShortLE(0xBEEF);
      expected.order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0xBEEF);
      pipe.writeIntLE(-2);
      expected.putInt(-2);
      pipe.writeLongLE(Long.MIN_VALUE + 5);
      expected.putLong(Long.MIN_VALUE + 5);
      byte[] want = new byte[expected.position()];
      expected.flip().get(want);
      assertArrayEquals(want, pipe.read(), "chunk size " + chunk);
    }
  }

  @Test
  void aTypedWritePastTheLimitIsRefusedAndWritesNothing() throws IOException {
    Pipe pipe = track(Pipe.builder().pool(pool).minChunkSize(4).maxChunkSize(4).maxBufferedBytes(6).build());
    pipe.writeInt(7);
    BufferLimitExceededException e =
        assertThrows(BufferLimitExceededException.class, () -> pipe.writeInt(8));
    assertTrue(e.getMessage().startsWith("writeInt"), e.getMessage());
    assertEquals(4, pipe.length());
    pipe.writeShort(9);
    assertEquals(7, pipe.readInt());
    assertEquals(9, pipe.readShort());
  }

  @Test
  void aTypedWriteEndsTheLoanAndBorrowedViews() throws IOException {
    Pipe pipe = pipe(8);
    write(pipe, "abcd");
    ByteView view = pipe.newView();
    assertTrue(pipe.peekExact(2, view));
    pipe.getBuffer(4);
    pipe.writeInt(0x65666768);
    assertThrows(IllegalStateException.class, view::length, "a write ends the pipe's views");
    assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(1), "and the loan");
    assertEquals("abcdefgh", str(pipe.read()));
  }

  @Test
  void aTypedReadEndsBorrowedViewsButAGetterDoesNot() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcdefgh");
    ByteView view = pipe.newView();
    assertTrue(pipe.peekExact(4, view));
    assertEquals(0x61626364, pipe.intAt(0));
    assertEquals((short) 0x6261, pipe.shortAtLE(0));
    assertThrows(NumberFormatException.class, () -> pipe.parseLong(0, 2, 10));
    assertEquals(4, view.length(), "in-place getters leave views valid");
    pipe.readByte();
    assertThrows(IllegalStateException.class, view::length);
  }

  @Test
  void parseLongParsesInPlaceLikeLongParseLong() {
    Pipe pipe = pipe(3);
    write(pipe, "$-9223372036854775808\r\n+7fffffffffffffff|zz|1x");
    assertEquals(Long.MIN_VALUE, pipe.parseLong(1, 21, 10));
    assertEquals(Long.MAX_VALUE, pipe.parseLong(23, 40, 16));
    assertEquals(35 * 36 + 35, pipe.parseLong(41, 43, 36));
    assertEquals(46, pipe.length(), "nothing consumed");
    NumberFormatException bad =
        assertThrows(NumberFormatException.class, () -> pipe.parseLong(44, 46, 10));
    assertTrue(bad.getMessage().contains("\"1x\""), bad.getMessage());
    assertThrows(NumberFormatException.class, () -> pipe.parseLong(0, 1, 10), "a lone '$'");
    assertThrows(NumberFormatException.class, () -> pipe.parseLong(1, 1, 10), "empty");
    assertThrows(NumberFormatException.class, () -> pipe.parseLong(1, 21, 37), "radix");
    assertThrows(IndexOutOfBoundsException.class, () -> pipe.parseLong(40, 48, 10));
    assertThrows(IndexOutOfBoundsException.class, () -> pipe.parseLong(5, 4, 10));
    assertThrows(IndexOutOfBoundsException.class, () -> pipe.parseLong(-1, 4, 10));
  }

  @Test
  void parseLongReportsOverflowAsSuch() {
    Pipe pipe = pipe(5);
    write(pipe, "9223372036854775808");
    NumberFormatException e =
        assertThrows(NumberFormatException.class, () -> pipe.parseLong(0, 19, 10));
    assertTrue(e.getMessage().contains("does not fit a long"), e.getMessage());
  }

  @Test
  void parseLongOnAnEmptyPipeIsNotANumber() {
    Pipe pipe = pipe(4);
    assertThrows(NumberFormatException.class, () -> pipe.parseLong(0, 0, 10));
    assertThrows(IndexOutOfBoundsException.class, () -> pipe.parseLong(0, 1, 10));
  }

  @Test
  void utf8TextIsEncodedStraightIntoChunksAsGetBytesWould() throws IOException {
    String[] texts = {
      "", "plain ascii", "caf\u00e9 \u20ac \uD83D\uDE00 end", "\uD800 lone high", "lone low \uDC00",
      "\uDBFF", "mixed \u07FF\u0800\uFFFF\uD83C\uDF0D", "x".repeat(100) + "\u00e9".repeat(50)
    };
    for (int chunk : new int[] {1, 2, 3, 5, 4096}) {
      for (String text : texts) {
        Pipe pipe = pipe(chunk);
        pipe.write(text, UTF_8);
        byte[] want = text.getBytes(UTF_8);
        assertEquals(want.length, pipe.length(), "chunk " + chunk + ": " + text);
        if (want.length > 0) {
          assertArrayEquals(want, pipe.read(), "chunk " + chunk + ": " + text);
        }
      }
    }
  }

  @Test
  @SuppressWarnings("UnnecessaryStringBuilder") // CharSequences that are not Strings are the point
  void otherCharsetsAndCharSequencesAreWrittenToo() throws IOException {
    Pipe pipe = pipe(4);
    pipe.write(new StringBuilder("h\u00e9llo"), ISO_8859_1);
    pipe.write("ab", UTF_16);
    pipe.write(new StringBuilder("\u00e9"), UTF_8);
    byte[] want = "h\u00e9llo".getBytes(ISO_8859_1);
    assertArrayEquals(want, pipe.readExact(want.length));
    assertArrayEquals("ab".getBytes(UTF_16), pipe.readExact(6));
    assertEquals("\u00e9", pipe.readString(2, UTF_8));
  }

  @Test
  void textPastTheLimitIsRefusedWhole() throws IOException {
    Pipe pipe = track(Pipe.builder().pool(pool).minChunkSize(4).maxChunkSize(4).maxBufferedBytes(5).build());
    BufferLimitExceededException e =
        assertThrows(BufferLimitExceededException.class, () -> pipe.write("\u00e9\u00e9\u00e9", UTF_8));
    assertTrue(e.getMessage().contains("6 bytes"), e.getMessage());
    assertEquals(0, pipe.length());
    pipe.write("\u00e9\u00e9", UTF_8);
    assertEquals("\u00e9\u00e9", pipe.readString(4, UTF_8));
  }

  @Test
  void readLineStripsLfAndCrLfAndDecodesUtf8AcrossChunks() throws IOException {
    Pipe pipe = pipe(3);
    pipe.write("first\r\nsecond\n\r\n\nd\u00e9j\u00e0 vu\r\nlast", UTF_8);
    assertEquals("first", pipe.readLine(100));
    assertEquals("second", pipe.readLine(100));
    assertEquals("", pipe.readLine(100));
    assertEquals("", pipe.readLine(100));
    assertEquals("d\u00e9j\u00e0 vu", pipe.readLine(100));
    assertNull(pipe.readLine(100), "no LF yet");
    assertEquals(4, pipe.length());
    pipe.eof();
    PartialReadException e = assertThrows(PartialReadException.class, () -> pipe.readLine(100));
    assertEquals("last", str(e.leftover()));
  }

  @Test
  void readLineGivesUpWithinItsLimitAndKeepsTheBytes() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcdefgh");
    assertThrows(LimitExceededException.class, () -> pipe.readLine(8));
    assertNull(pipe.readLine(9), "under the limit: wait for more");
    write(pipe, "\n");
    assertThrows(LimitExceededException.class, () -> pipe.readLine(8), "the LF is the 9th byte");
    assertEquals("abcdefgh", pipe.readLine(9));
    assertThrows(IllegalArgumentException.class, () -> pipe.readLine(0));
  }

  @Test
  void readStringReadsExactlyNBytesOrWaits() throws IOException {
    Pipe pipe = pipe(2);
    pipe.write("\u20ac1", UTF_8);
    assertNull(pipe.readString(5, UTF_8));
    assertEquals("", pipe.readString(0, UTF_8));
    assertEquals("\u20ac", pipe.readString(3, UTF_8));
    assertEquals("1", pipe.readString(1, ISO_8859_1));
    assertThrows(IllegalArgumentException.class, () -> pipe.readString(-1, UTF_8));
    write(pipe, "ab");
    pipe.eof();
    PartialReadException e =
        assertThrows(PartialReadException.class, () -> pipe.readString(3, UTF_8));
    assertEquals("ab", str(e.leftover()));
  }

  @Test
  void writeOfASequenceCopiesItAndLeavesItOpen() throws IOException {
    Pipe from = pipe(3);
    Pipe to = pipe(5);
    write(from, "hello, world");
    try (ByteSequence s = from.readExactZeroCopy(12)) {
      to.write(s);
      try (ByteSequence tail = s.slice(7, 12)) {
        to.write(tail);
      }
      assertEquals("hello, world", str(s), "still open and unchanged");
    }
    assertEquals("hello, worldworld", str(to.read()));
  }

  @Test
  void aSequenceCanBeWrittenBackIntoItsOwnPipe() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcdefghij");
    try (ByteSequence s = pipe.peekExactZeroCopy(10)) {
      pipe.write(s);
      pipe.write(s);
    }
    assertEquals("abcdefghij".repeat(3), str(pipe.read()));
  }

  @Test
  void aPipesOwnBorrowedViewIsCopiedBeforeTheWriteEndsIt() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcdefghij");
    ByteView view = pipe.newView();
    assertTrue(pipe.readExact(6, view));
    pipe.write(view);
    assertThrows(IllegalStateException.class, view::length, "the write ended the view");
    assertEquals("ghijabcdef", str(pipe.read()));
  }

  @Test
  void writingAClosedSequenceOrAStaleViewIsIllegalAndWritesNothing() throws IOException {
    Pipe pipe = pipe(4);
    write(pipe, "abcd");
    ByteSequence s = pipe.peekExactZeroCopy(4);
    s.close();
    assertThrows(IllegalStateException.class, () -> pipe.write(s));
    ByteView view = pipe.newView();
    assertTrue(pipe.peekExact(2, view));
    pipe.skip(1);
    assertThrows(IllegalStateException.class, () -> pipe.write(view));
    assertEquals("bcd", str(pipe.read()));
  }

  @Test
  void toStringShowsTheLengthAndTheFirstBytesInHex() {
    Pipe pipe = pipe(4);
    write(pipe, "\u0001\u00ffAB");
    assertEquals("Pipe[length=4: 01 ff 41 42]", pipe.toString());
    write(pipe, "x".repeat(20));
    assertTrue(pipe.toString().startsWith("Pipe[length=24: 01 ff 41 42 78"), pipe.toString());
    assertTrue(pipe.toString().endsWith(" ...]"), pipe.toString());
    pipe.eof();
    assertTrue(pipe.toString().startsWith("Pipe[length=24, eof: "), pipe.toString());
  }

  @Test
  void awaitAtLeastOnAPlainPipeAnswersAtOnceOrSaysItCannotWait() throws Exception {
    Pipe pipe = pipe(4);
    write(pipe, "abc");
    assertEquals(3, pipe.awaitAtLeast(3));
    assertEquals(3, pipe.awaitAtLeast(0));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> pipe.awaitAtLeast(4));
    assertTrue(e.getMessage().contains("not concurrent"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pipe.awaitAtLeast(-1));
    pipe.eof();
    assertEquals(3, pipe.awaitAtLeast(4), "at EOF it returns what is left");
  }

  @Test
  void debugPipesOfferTheToolkitToo() throws IOException {
    Pipe pipe = track(Pipe.builder().pool(pool).minChunkSize(3).maxChunkSize(3).debug(true).build());
    pipe.writeInt(42);
    pipe.write("line\r\n", UTF_8);
    assertEquals(42, pipe.intAt(0));
    assertEquals(42, pipe.readInt());
    assertEquals("line", pipe.readLine(10));
    pipe.writeLongLE(7);
    assertEquals(7, pipe.readLongLE());
  }

  @Test
  void aConcurrentReaderWaitsForTypedValuesWithoutBoxing() throws Exception {
    Pipe pipe = concurrent(16, 64, 32);
    int count = 20_000;
    Worker<Void> writer =
        Worker.start(
            () -> {
              for (int i = 0; i < count; i++) {
                pipe.writeInt(i);
                pipe.writeLong(-i);
                pipe.write("n" + i + "\n", UTF_8);
              }
              pipe.eof();
              return null;
            });
    for (int i = 0; i < count; i++) {
      assertTrue(pipe.awaitAtLeast(12) >= 12);
      assertEquals(i, pipe.readInt());
      assertEquals(-i, pipe.readLong());
      String line = pipe.await(p -> p.readLine(64));
      assertEquals("n" + i, line);
    }
    writer.get();
    assertEquals(0, pipe.awaitAtLeast(1), "EOF: nothing left");
  }

  @Test
  void awaitAtLeastOnAConcurrentPipeFailsAtOnceWhenItCanNeverBeMet() {
    Pipe pipe =
        track(Pipe.builder().pool(pool).concurrent(64, 32).maxBufferedBytes(100).build());
    LimitExceededException e =
        assertThrows(LimitExceededException.class, () -> pipe.awaitAtLeast(101));
    assertTrue(e.getMessage().contains("maxBufferedBytes=100"), e.getMessage());
  }

  @Test
  void awaitAtLeastOnAConcurrentPipeTimesOutWithWhatIsThere() throws Exception {
    Pipe pipe = concurrent(16, 64, 32);
    pipe.writeShort(1);
    assertEquals(2, pipe.awaitAtLeast(4, 20, TimeUnit.MILLISECONDS));
  }

  @Test
  void aCloseWakesAReaderWaitingForTypedBytes() throws Exception {
    Pipe pipe = concurrent(16, 64, 32);
    Worker<Long> reader = Worker.start(() -> pipe.awaitAtLeast(8)).awaitParked();
    pipe.close();
    assertThrows(IllegalStateException.class, reader::get);
  }

  @Test
  void steadyStateTypedReadsAndWritesAllocateNothing() throws IOException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    BorrowedViewTest.RecyclingPool recycling = new BorrowedViewTest.RecyclingPool();
    for (boolean concurrent : new boolean[] {false, true}) {
      Pipe.Builder builder = Pipe.builder().pool(recycling).minChunkSize(64).maxChunkSize(64);
      if (concurrent) {
        builder.concurrent(1 << 20, 1 << 19);
      }
      try (Pipe pipe = builder.build()) {
        long sum = typedRounds(pipe, 20_000);
        long before = threads.getCurrentThreadAllocatedBytes();
        sum += typedRounds(pipe, 100_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sum != 0);
        assertTrue(
            allocated < 4096,
            (concurrent ? "concurrent" : "plain")
                + " pipe: allocated "
                + allocated
                + " bytes for 100,000 rounds of typed writes and reads");
      }
    }
  }

  /** Writes and reads back values of every width, straddling the 64-byte chunks. */
  private static long typedRounds(Pipe pipe, int rounds) throws IOException {
    long sum = 0;
    for (int r = 0; r < rounds; r++) {
      pipe.writeByte(r);
      pipe.writeInt(r);
      pipe.writeLong(r * 31L);
      pipe.writeShortLE(r);
      pipe.writeIntLE(~r);
      sum += pipe.intAt(1) + pipe.readByte() + pipe.readInt() + pipe.readLong();
      sum += pipe.readUnsignedShortLE() + pipe.readIntLE();
    }
    return sum;
  }
}
