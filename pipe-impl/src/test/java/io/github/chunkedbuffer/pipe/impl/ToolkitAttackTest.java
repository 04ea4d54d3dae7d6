package io.github.chunkedbuffer.pipe.impl;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.BufferLimitExceededException;
import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ByteView;
import io.github.chunkedbuffer.pipe.LimitExceededException;
import io.github.chunkedbuffer.pipe.PartialReadException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A hostile reviewer's and a careless user's tries at the protocol toolkit: values straddling
 * chunks of every small size, reads cut by EOF, out-of-range indices, text past the limits, writes
 * of the pipe's own bytes, loans and views around typed calls, and the concurrent pipe's waits.
 */
class ToolkitAttackTest extends PipeTestSupport {

  private Pipe limited(int chunk, long max) {
    return track(
        Pipe.builder().pool(pool).minChunkSize(chunk).maxChunkSize(chunk).maxBufferedBytes(max).build());
  }

  private Pipe debug(int chunk) {
    return track(
        Pipe.builder().pool(pool).minChunkSize(chunk).maxChunkSize(chunk).debug(true).build());
  }

  // ---------------------------------------------------------------- typed reads

  @Test
  void typedReadsAtEveryOffsetOfEveryChunkSizeMatchByteBufferWrittenPieceByPiece()
      throws IOException {
    byte[] data = pattern(67, 251);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (data[i] * 37 + 11);
    }
    for (int chunk = 1; chunk <= 8; chunk++) {
      for (int skip = 0; skip < 9; skip++) {
        for (int size : new int[] {1, 2, 4, 8}) {
          Pipe pipe = pipe(chunk);
          // Written in uneven pieces so that chunk boundaries fall everywhere.
          for (int at = 0; at < data.length; ) {
            int k = Math.min(data.length - at, 1 + (at % 5));
            pipe.write(data, at, k);
            at += k;
          }
          pipe.skip(skip);
          ByteBuffer be = ByteBuffer.wrap(data);
          ByteBuffer le = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
          int at = skip;
          String where = "chunk " + chunk + ", skip " + skip + ", size " + size;
          while (at + size <= data.length) {
            long left = pipe.length();
            switch (size) {
              case 1 -> assertEquals(be.get(at), pipe.readByte(), where);
              case 2 -> {
                assertEquals(le.getShort(at), pipe.shortAtLE(0), where);
                assertEquals(be.getShort(at), pipe.readShort(), where);
              }
              case 4 -> {
                assertEquals(le.getInt(at), pipe.intAtLE(0), where);
                assertEquals(be.getInt(at), pipe.readInt(), where);
              }
              default -> {
                assertEquals(le.getLong(at), pipe.longAtLE(0), where);
                assertEquals(be.getLong(at), pipe.readLong(), where);
              }
            }
            at += size;
            assertEquals(left - size, pipe.length(), where);
          }
          int rest = data.length - at;
          if (rest > 0) {
            assertThrows(BufferUnderflowException.class, () -> readValue(pipe, size), where);
            assertEquals(rest, pipe.length(), where);
          }
          pipe.close();
        }
      }
    }
  }

  private static long readValue(Pipe pipe, int size) throws IOException {
    return switch (size) {
      case 1 -> pipe.readByte();
      case 2 -> pipe.readShort();
      case 4 -> pipe.readInt();
      default -> pipe.readLong();
    };
  }

  @Test
  void anUnderflowLeavesLengthViewsLoansAndSequencesAsTheyWere() throws IOException {
    for (int chunk = 1; chunk <= 8; chunk++) {
      Pipe pipe = pipe(chunk);
      write(pipe, "abcdefg");
      ByteBuffer lent = pipe.getBuffer(1); // lent first: lending ends a plain pipe's views
      ByteView view = pipe.newView();
      assertTrue(pipe.peekExact(3, view));
      ByteSequence seq = pipe.peekZeroCopy(7);
      assertThrows(BufferUnderflowException.class, pipe::readLong);
      assertEquals(7, pipe.length());
      assertEquals("abc", view.toString(ISO_8859_1), "an underflow consumes nothing: the view lives");
      lent.put((byte) 'h');
      pipe.bufferWritten(1); // the loan survived the failed read
      assertEquals(0x6162636465666768L, pipe.readLong());
      assertEquals("abcdefg", str(seq));
      seq.close();
    }
  }

  @Test
  void aTypedReadCutByEofCarriesTheRestConsumesItAndLeavesAnEmptyPipeAtEof() throws IOException {
    for (int chunk = 1; chunk <= 8; chunk++) {
      for (int have = 0; have < 8; have++) {
        Pipe pipe = pipe(chunk);
        byte[] data = pattern(have, 7);
        pipe.write(data);
        pipe.eof();
        if (have == 0) {
          PartialReadException e = assertThrows(PartialReadException.class, pipe::readLong);
          assertEquals(0, e.leftover().length);
        } else {
          PartialReadException e = assertThrows(PartialReadException.class, pipe::readLong);
          assertArrayEquals(data, e.leftover(), "chunk " + chunk + ", have " + have);
        }
        assertEquals(0, pipe.length());
        assertTrue(pipe.reachedEof());
        assertThrows(PartialReadException.class, pipe::readByte);
        assertEquals(0, pool.outstanding(), "an emptied pipe at EOF holds no chunk");
        pipe.close();
      }
    }
  }

  @Test
  void aFailedWritersCauseIsCarriedByAPartialTypedRead() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "ab");
    IOException cause = new IOException("reset");
    pipe.eof(cause);
    PartialReadException e = assertThrows(PartialReadException.class, pipe::readInt);
    assertSame(cause, e.getCause());
    assertEquals("ab", str(e.leftover()));
    IOException again = assertThrows(IOException.class, pipe::readInt);
    assertSame(cause, again.getCause(), "every later read hears of the failure");
  }

  @Test
  void directSlicedAndOversizedBuffersGiveTheSameValues() throws IOException {
    String[] names = {"direct", "sliced heap", "oversized heap"};
    CountingPool[] pools = {
      new CountingPool(0, true), CountingPool.slicedHeap(3), new CountingPool(5, false)
    };
    for (int p = 0; p < pools.length; p++) {
      CountingPool other = pools[p];
      String name = names[p];
      for (int chunk = 1; chunk <= 8; chunk++) {
        Pipe pipe = Pipe.builder().pool(other).minChunkSize(chunk).maxChunkSize(chunk).build();
        pipe.writeByte(0x80);
        pipe.writeShort(0x8182);
        pipe.writeInt(0x83848586);
        pipe.writeLong(0x8788898A8B8C8D8EL);
        pipe.writeLongLE(0x0102030405060708L);
        pipe.write("12€\r\n-42\n", UTF_8);
        String where = name + ", chunk " + chunk;
        assertEquals((short) 0x8081, pipe.shortAt(0), where);
        assertEquals(0x86878889, pipe.intAt(6), where);
        assertEquals((byte) 0x80, pipe.readByte(), where);
        assertEquals(0x8182, pipe.readUnsignedShort(), where);
        assertEquals(0x83848586L, pipe.readUnsignedInt(), where);
        assertEquals(0x8788898A8B8C8D8EL, pipe.readLong(), where);
        assertEquals(0x0102030405060708L, pipe.readLongLE(), where);
        assertEquals(12, pipe.parseLong(0, 2, 10), where);
        assertEquals("12€", pipe.readLine(10), where);
        assertEquals(-42, pipe.parseLong(0, 3, 10), where);
        assertEquals("-42", pipe.readLine(10), where);
        pipe.close();
      }
      other.assertAllReturned();
    }
  }

  // ---------------------------------------------------------------- getters and indices

  @Test
  void gettersRefuseEveryIndexThatDoesNotHaveAllItsBytes() {
    for (int chunk = 1; chunk <= 8; chunk++) {
      Pipe pipe = pipe(chunk);
      write(pipe, "0123456789");
      long n = pipe.length();
      assertEquals(0x36373839, pipe.intAt(n - 4));
      for (long bad : new long[] {-1, n - 1, n, Long.MAX_VALUE, Long.MAX_VALUE - 2, Long.MIN_VALUE}) {
        assertThrows(IndexOutOfBoundsException.class, () -> pipe.intAt(bad), "intAt " + bad);
        assertThrows(IndexOutOfBoundsException.class, () -> pipe.longAt(bad), "longAt " + bad);
        assertThrows(IndexOutOfBoundsException.class, () -> pipe.shortAtLE(bad), "short " + bad);
      }
      assertThrows(IndexOutOfBoundsException.class, () -> pipe.intAt(n - 3));
      assertThrows(IndexOutOfBoundsException.class, () -> pipe.longAt(n - 7));
      assertEquals((short) 0x3938, pipe.shortAtLE(n - 2));
      assertThrows(IndexOutOfBoundsException.class, () -> pipe.longAt(3));
      assertEquals(10, pipe.length());
    }
    Pipe empty = pipe(4);
    assertThrows(IndexOutOfBoundsException.class, () -> empty.shortAt(0));
  }

  @Test
  void parseLongRefusesBadRangesAndRadixes() {
    Pipe pipe = pipe(3);
    write(pipe, "-9223372036854775808 +7f 9223372036854775808 -");
    assertEquals(Long.MIN_VALUE, pipe.parseLong(0, 20, 10));
    assertEquals(0x7f, pipe.parseLong(21, 24, 16));
    assertEquals(-0x7f, Long.parseLong("-7f", 16));
    assertThrows(NumberFormatException.class, () -> pipe.parseLong(25, 44, 10), "overflow");
    assertThrows(NumberFormatException.class, () -> pipe.parseLong(45, 46, 10), "lone sign");
    assertThrows(NumberFormatException.class, () -> pipe.parseLong(0, 3, 1));
    assertThrows(NumberFormatException.class, () -> pipe.parseLong(0, 3, 37));
    assertThrows(NumberFormatException.class, () -> pipe.parseLong(0, 3, Integer.MIN_VALUE));
    assertThrows(NumberFormatException.class, () -> pipe.parseLong(3, 3, 10), "empty");
    assertThrows(IndexOutOfBoundsException.class, () -> pipe.parseLong(-1, 3, 10));
    assertThrows(IndexOutOfBoundsException.class, () -> pipe.parseLong(4, 3, 10));
    assertThrows(IndexOutOfBoundsException.class, () -> pipe.parseLong(0, 47, 10));
    assertThrows(IndexOutOfBoundsException.class, () -> pipe.parseLong(0, Long.MAX_VALUE, 10));
    assertEquals(Long.MAX_VALUE, Long.parseLong("zzzzzzzzzzzz", 36) > 0 ? Long.MAX_VALUE : 0);
    for (int radix = 2; radix <= 36; radix++) {
      Pipe p = pipe(1 + radix % 5);
      String s = Long.toString(Long.MIN_VALUE, radix);
      write(p, s);
      assertEquals(Long.MIN_VALUE, p.parseLong(0, s.length(), radix), "radix " + radix);
      String max = "+" + Long.toString(Long.MAX_VALUE, radix).toUpperCase(java.util.Locale.ROOT);
      write(p, max);
      assertEquals(Long.MAX_VALUE, p.parseLong(s.length(), s.length() + max.length(), radix));
      p.close();
    }
  }

  @Test
  void nonAsciiBytesAreNotDigits() {
    Pipe pipe = pipe(2);
    pipe.write(new byte[] {'1', (byte) 0xB2, '3'}); // superscript two in Latin-1
    assertThrows(NumberFormatException.class, () -> pipe.parseLong(0, 3, 10));
    assertThrows(
        NumberFormatException.class, () -> Long.parseLong("1\u00B23", 0, 3, 10), "the oracle agrees");
  }

  // ---------------------------------------------------------------- lines and strings

  @Test
  void readLineAndReadStringRefuseNonsenseArguments() throws IOException {
    Pipe pipe = pipe(3);
    write(pipe, "ab\r\ncd\n");
    assertThrows(IllegalArgumentException.class, () -> pipe.readLine(0));
    assertThrows(IllegalArgumentException.class, () -> pipe.readLine(-5));
    assertThrows(IllegalArgumentException.class, () -> pipe.readString(-1, UTF_8));
    assertEquals(7, pipe.length());
    assertEquals("ab", pipe.readLine(Long.MAX_VALUE));
    assertEquals("", pipe.readString(0, UTF_8));
    assertThrows(LimitExceededException.class, () -> pipe.readLine(2), "cd\\n is 3 bytes");
    assertEquals("cd", pipe.readLine(3));
    assertNull(pipe.readLine(Long.MAX_VALUE));
    assertNull(pipe.readString(Integer.MAX_VALUE, UTF_8));
  }

  @Test
  void aLastLineWithoutLfAtEofComesWholeInThePartialReadException() throws IOException {
    for (int chunk = 1; chunk <= 8; chunk++) {
      Pipe pipe = pipe(chunk);
      pipe.write("é\r\nlast\r", UTF_8);
      pipe.eof();
      assertEquals("é", pipe.readLine(100));
      PartialReadException e = assertThrows(PartialReadException.class, () -> pipe.readLine(100));
      assertEquals("last\r", str(e.leftover()));
      assertTrue(pipe.reachedEof());
      pipe.close();
    }
  }

  @Test
  void aLineOfOnlyCrLfIsEmptyAndACrAloneStaysInTheLine() throws IOException {
    Pipe pipe = pipe(1);
    write(pipe, "\r\n\n\r\r\na\rb\n");
    assertEquals("", pipe.readLine(10));
    assertEquals("", pipe.readLine(10));
    assertEquals("\r", pipe.readLine(10));
    assertEquals("a\rb", pipe.readLine(10));
  }

  @Test
  void readStringSplitsNoCharacterWrongAcrossChunks() throws IOException {
    String text = "a€𝄞ü";
    byte[] utf8 = text.getBytes(UTF_8);
    for (int chunk = 1; chunk <= 8; chunk++) {
      Pipe pipe = pipe(chunk);
      pipe.write(text, UTF_8);
      assertEquals(utf8.length, pipe.length());
      assertEquals(text, pipe.readString(utf8.length, UTF_8));
      pipe.close();
    }
  }

  // ---------------------------------------------------------------- text writes

  @SuppressWarnings("UnnecessaryStringBuilder") // a CharSequence that is not a String is the point
  @Test
  void loneSurrogatesAreWrittenAsStringGetBytesWritesThem() throws IOException {
    String[] texts = {
      "\uD800", "\uDC00", "a\uD800b", "\uD800\uD800\uDC00", "\uDC00\uD800", "x\uD83D", "\uD83D\uDE00\uDE00"
    };
    for (int chunk = 1; chunk <= 8; chunk++) {
      for (String text : texts) {
        Pipe pipe = pipe(chunk);
        pipe.write(text, UTF_8);
        assertArrayEquals(text.getBytes(UTF_8), pipe.read(), text);
        StringBuilder sb = new StringBuilder(text);
        pipe.write(sb, UTF_8);
        assertArrayEquals(text.getBytes(UTF_8), pipe.read(), text);
        pipe.close();
      }
    }
  }

  @Test
  void hugeTextIsRefusedWholeWithTheLimitInTheMessage() throws IOException {
    for (Pipe pipe : new Pipe[] {limited(16, 100), concurrentLimited(16, 100)}) {
      pipe.write("0123456789", UTF_8);
      String big = "€".repeat(40); // 120 bytes
      BufferLimitExceededException e =
          assertThrows(BufferLimitExceededException.class, () -> pipe.write(big, UTF_8));
      assertTrue(e.getMessage().contains("100"), e.getMessage());
      assertEquals(10, pipe.length(), "nothing of the refused text was written");
      // 90 bytes of room: 30 euro signs fit exactly, 31 do not.
      assertThrows(BufferLimitExceededException.class, () -> pipe.write("€".repeat(31), UTF_8));
      assertEquals(10, pipe.length());
      pipe.write("€".repeat(30), UTF_8);
      assertEquals(100, pipe.length());
      assertThrows(BufferLimitExceededException.class, () -> pipe.writeByte(1));
      assertEquals("0123456789", pipe.readString(10, UTF_8));
      assertEquals("€".repeat(30), pipe.readString(90, UTF_8));
    }
  }

  /** Characters that fail the test if anything turns them into a String (an encoding array). */
  private static final class NeverToString implements CharSequence {
    private final int length;

    NeverToString(int length) {
      this.length = length;
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public char charAt(int index) {
      return 'x';
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      throw new AssertionError("subSequence: the text was copied");
    }

    @Override
    public String toString() {
      throw new AssertionError("toString: the text was encoded before the limit was checked");
    }
  }

  @Test
  void utf8TextPastTheLimitIsRefusedBeforeItIsEncoded() {
    for (Pipe pipe : new Pipe[] {limited(16, 100), concurrentLimited(16, 100)}) {
      BufferLimitExceededException e =
          assertThrows(
              BufferLimitExceededException.class, () -> pipe.write(new NeverToString(101), UTF_8));
      assertTrue(e.getMessage().contains("100"), e.getMessage());
      assertEquals(0, pipe.length());
    }
  }

  private Pipe concurrentLimited(int chunk, long max) {
    return track(
        Pipe.builder()
            .pool(pool)
            .minChunkSize(chunk)
            .maxChunkSize(chunk)
            .maxBufferedBytes(max)
            .concurrent(max, max / 2)
            .build());
  }

  @Test
  void typedWritesAtAFullPipeAreRefusedWithNothingWritten() throws IOException {
    for (int chunk = 1; chunk <= 8; chunk++) {
      Pipe pipe = limited(chunk, 7);
      pipe.writeInt(1);
      pipe.writeShort(2);
      assertThrows(BufferLimitExceededException.class, () -> pipe.writeShort(3));
      assertThrows(BufferLimitExceededException.class, () -> pipe.writeLong(3));
      assertThrows(BufferLimitExceededException.class, () -> pipe.writeIntLE(3));
      assertEquals(6, pipe.length());
      pipe.writeByte(4);
      assertEquals(7, pipe.length());
      assertEquals(1, pipe.readInt());
      assertEquals(2, pipe.readShort());
      assertEquals(4, pipe.readByte());
      assertThrows(BufferLimitExceededException.class, () -> pipe.writeLong(-1), "8 > 7");
      assertTrue(pool.heldBytes() <= 7 + chunk, "memory bound: " + pool.heldBytes());
      pipe.close();
    }
  }

  // ---------------------------------------------------------------- writes of the pipe's own bytes

  @Test
  void aSequenceOfTheSamePipeIsAppendedAsItWasAtEveryChunkSize() throws IOException {
    for (int chunk = 1; chunk <= 8; chunk++) {
      Pipe pipe = pipe(chunk);
      write(pipe, "abcdefghij");
      try (ByteSequence seq = pipe.peekExactZeroCopy(10)) {
        pipe.write(seq);
        pipe.write(seq);
      }
      assertEquals("abcdefghij".repeat(3), str(pipe.read()));
      pipe.close();
    }
  }

  @Test
  void aSequenceOfTheTailBeingLentIsCopiedCorrectly() throws IOException {
    for (int chunk = 1; chunk <= 8; chunk++) {
      Pipe pipe = pipe(chunk, 64);
      write(pipe, "xyz");
      ByteSequence seq = pipe.readZeroCopy(3);
      pipe.getBuffer(1).put((byte) '!');
      pipe.write(seq); // ends the loan before any commit
      assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(1));
      assertEquals("xyz", str(pipe.read()));
      seq.close();
      assertThrows(IllegalStateException.class, () -> pipe.write(seq));
      pipe.close();
    }
  }

  @Test
  void aSequenceOfAClosedPipeCanStillBeWritten() throws IOException {
    Pipe source = pipe(3);
    write(source, "hello");
    ByteSequence seq = source.readExactZeroCopy(5);
    source.close();
    Pipe target = pipe(2);
    target.write(seq);
    seq.close();
    assertEquals("hello", str(target.read()));
  }

  @Test
  void aPipesOwnViewIsWrittenAndThenStale() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "abcdef");
    ByteView view = pipe.newView();
    assertTrue(pipe.readExact(4, view));
    pipe.write(view);
    assertThrows(IllegalStateException.class, view::length);
    assertThrows(IllegalStateException.class, () -> pipe.write(view));
    assertEquals("efabcd", str(pipe.read()));
  }

  // ---------------------------------------------------------------- loans

  @Test
  void aTypedWriteWhileABufferIsLentEndsTheLoanAndCommitsNothingOfIt() throws IOException {
    for (int chunk = 1; chunk <= 8; chunk++) {
      Pipe pipe = pipe(chunk);
      ByteBuffer lent = pipe.getBuffer(4);
      lent.put(new byte[] {9, 9, 9, 9});
      pipe.writeInt(0x01020304);
      assertThrows(IllegalStateException.class, () -> pipe.bufferWritten(4));
      assertEquals(4, pipe.length());
      assertEquals(0x01020304, pipe.readInt());
      pipe.close();
    }
  }

  @Test
  void aRefusedTypedWriteKeepsTheLoan() throws IOException {
    Pipe pipe = limited(4, 4);
    pipe.writeShort(1);
    ByteBuffer lent = pipe.getBuffer(1);
    lent.put((byte) 5);
    assertThrows(BufferLimitExceededException.class, () -> pipe.writeInt(2));
    pipe.bufferWritten(1);
    assertEquals(3, pipe.length());
    assertEquals(1, pipe.readShort());
    assertEquals(5, pipe.readByte());
  }

  @Test
  void aTypedReadDoesNotDisturbALoan() throws IOException {
    for (int chunk = 1; chunk <= 8; chunk++) {
      Pipe pipe = pipe(chunk, 16);
      pipe.writeInt(7);
      ByteBuffer lent = pipe.getBuffer(4);
      assertEquals(7, pipe.readInt()); // drains the pipe while a buffer is lent
      lent.putInt(8);
      pipe.bufferWritten(4);
      assertEquals(8, pipe.readInt());
      assertEquals(0, pool.outstanding(), "drained and nothing lent: no chunk held");
      pipe.close();
    }
  }

  // ---------------------------------------------------------------- debug mode

  @Test
  void debugPipesDoTheSameAndReturnEveryChunk() throws IOException {
    for (int chunk = 1; chunk <= 8; chunk++) {
      Pipe pipe = debug(chunk);
      pipe.writeLong(0x1122334455667788L);
      pipe.write("ü\n", UTF_8);
      pipe.writeIntLE(5);
      assertEquals(0x55667788, pipe.intAt(4));
      assertEquals(0x1122334455667788L, pipe.readLong());
      assertEquals("ü", pipe.readLine(8));
      assertEquals(5, pipe.readIntLE());
      assertThrows(BufferUnderflowException.class, pipe::readByte);
      pipe.close();
      assertEquals(0, pool.outstanding());
    }
  }

  // ---------------------------------------------------------------- concurrent pipes

  @Test
  void aReaderNeverSeesTornValuesFromAByteByByteWriter() throws Exception {
    for (int chunk : new int[] {1, 3, 8}) {
      Pipe pipe = concurrent(chunk, 16, 8);
      int count = 3000;
      Worker<Void> writer =
          Worker.start(
              () -> {
                ByteBuffer b = ByteBuffer.allocate(12);
                for (int i = 0; i < count; i++) {
                  b.clear();
                  b.putInt(i * 0x01010101).putLong(~(long) i);
                  for (int k = 0; k < 12; k++) {
                    pipe.writeByte(b.get(k));
                  }
                }
                pipe.eof();
                return null;
              });
      for (int i = 0; i < count; i++) {
        assertTrue(pipe.awaitAtLeast(12) >= 12);
        assertEquals(i * 0x01010101, pipe.intAt(0));
        assertEquals(i * 0x01010101, pipe.readInt());
        assertEquals(~(long) i, pipe.readLong());
      }
      writer.get();
      assertEquals(0, pipe.awaitAtLeast(1));
      assertTrue(pipe.reachedEof());
    }
  }

  @Test
  void aSecondWriterThreadCallingWriteIntIsToldWhoOwnsThePipe() throws Exception {
    Pipe pipe = concurrent(4, 8, 4);
    Worker<Void> first =
        Worker.start(
            () -> {
              for (int i = 0; i < 100; i++) {
                pipe.writeInt(i); // held back at the pause threshold
              }
              return null;
            });
    first.awaitParked();
    Worker<Void> second =
        Worker.start(
            () -> {
              pipe.writeInt(3);
              return null;
            });
    Throwable t = second.failure();
    assertTrue(t instanceof IllegalStateException, String.valueOf(t));
    assertTrue(t.getMessage().contains(first.thread().getName()), t.getMessage());
    for (int i = 0; i < 100; i++) {
      assertTrue(pipe.awaitAtLeast(4) >= 4);
      assertEquals(i, pipe.readInt());
    }
    first.get();
    assertEquals(0, pipe.length());
  }

  @Test
  void anInterruptedTypedWriterUnderBackpressureWritesNothingAndKeepsItsStatus() throws Exception {
    Pipe pipe = concurrent(4, 8, 4);
    int[] written = new int[1];
    Worker<Boolean> writer =
        Worker.start(
            () -> {
              try {
                for (int i = 0; i < 100; i++) {
                  pipe.writeInt(i);
                  written[0]++;
                }
                return false;
              } catch (CancellationException e) {
                return Thread.currentThread().isInterrupted();
              }
            });
    writer.awaitParked();
    long before = pipe.length();
    writer.thread().interrupt();
    assertTrue(writer.get(), "the interrupt status is kept");
    assertEquals(before, pipe.length(), "nothing was written");
    assertEquals(4L * written[0], pipe.length());
    for (int i = 0; i < written[0]; i++) {
      assertEquals(i, pipe.readInt());
    }
  }

  @Test
  void aPendingInterruptNeverLetsTypedWritesPastTheBound() throws Exception {
    Pipe pipe = concurrent(4, 8, 4);
    Worker<Integer> writer =
        Worker.start(
            () -> {
              Thread.currentThread().interrupt();
              int written = 0;
              try {
                for (int i = 0; i < 1000; i++) {
                  pipe.writeInt(i);
                  written++;
                }
              } catch (CancellationException e) {
                // held back with the interrupt pending
              }
              return written;
            });
    int written = writer.get();
    assertTrue(written * 4 <= 8 + 4, "written " + written);
    assertTrue(pipe.length() <= 12);
  }

  @Test
  void anInterruptedAwaitAtLeastThrowsAndTheReaderCanWaitAgain() throws Exception {
    Pipe pipe = concurrent(4, 64, 32);
    Worker<Long> reader = Worker.start(() -> pipe.awaitAtLeast(4)).awaitParked();
    reader.thread().interrupt();
    assertTrue(reader.failure() instanceof InterruptedException);
    pipe.writeInt(5);
    Worker<Long> again = Worker.start(() -> pipe.awaitAtLeast(4));
    assertEquals(4, again.get());
  }

  @Test
  void eofFromTheWriterDuringAwaitAtLeastReturnsWhatIsLeft() throws Exception {
    Pipe pipe = concurrent(4, 64, 32);
    pipe.writeShort(7);
    Worker<Long> reader = Worker.start(() -> pipe.awaitAtLeast(4)).awaitParked();
    pipe.eof();
    assertEquals(2, reader.get());
    Worker<Void> partial =
        Worker.start(
            () -> {
              PartialReadException e = assertThrows(PartialReadException.class, pipe::readInt);
              assertEquals(2, e.leftover().length);
              return null;
            });
    partial.get();
  }

  @Test
  void awaitAtLeastPastThePauseThresholdLetsTheWriterOn() throws Exception {
    Pipe pipe = concurrent(4, 8, 4);
    Worker<Void> writer =
        Worker.start(
            () -> {
              for (int i = 0; i < 8; i++) {
                pipe.writeInt(i);
              }
              return null;
            });
    assertEquals(32, pipe.awaitAtLeast(32, 10, TimeUnit.SECONDS));
    writer.get();
    for (int i = 0; i < 8; i++) {
      assertEquals(i, pipe.readInt());
    }
  }

  @Test
  void concurrentTextWritesAreRefusedWholeAndEmptyOnesAreFine() throws IOException {
    Pipe pipe = concurrentLimited(4, 12);
    pipe.write("", UTF_8);
    pipe.write("abc\n", UTF_8);
    assertThrows(BufferLimitExceededException.class, () -> pipe.write("0123456789", UTF_8));
    assertEquals(4, pipe.length());
    assertEquals("abc", pipe.readLine(10));
  }

  @Test
  void aConcurrentPipeCopiesASequenceOfItsOwnBytes() throws IOException {
    Pipe pipe = concurrent(3, 64, 32);
    write(pipe, "abcdefg");
    try (ByteSequence seq = pipe.peekExactZeroCopy(7)) {
      pipe.write(seq);
    }
    assertEquals("abcdefgabcdefg", str(pipe.read()));
  }

  // ---------------------------------------------------------------- memory bounds under typed and trickled writes

  @Test
  void typedWritesMixedWithTrickledLoansKeepTheMemoryBound() throws IOException {
    for (int chunk = 1; chunk <= 8; chunk++) {
      CountingPool own = new CountingPool();
      Pipe pipe =
          Pipe.builder().pool(own).minChunkSize(chunk).maxChunkSize(chunk).maxBufferedBytes(32).build();
      long written = 0;
      try {
        for (int i = 0; i < 1000; i++) {
          ByteBuffer b = pipe.getBuffer(chunk);
          b.put((byte) i);
          pipe.bufferWritten(1);
          written++;
          pipe.writeShort(i);
          written += 2;
          assertTrue(
              own.heldBytes() <= 32 + chunk, "chunk " + chunk + ": " + own.heldBytes() + " held");
        }
      } catch (BufferLimitExceededException expected) {
        assertEquals(written, pipe.length(), "a refused call wrote nothing");
      }
      assertTrue(pipe.length() <= 32);
      pipe.close();
      own.assertAllReturned();
    }
  }

  @Test
  void aReaderWaitingPastThePauseThresholdGetsItFromATricklingLender() throws Exception {
    CountingPool own = new CountingPool();
    Pipe pipe =
        Pipe.builder()
            .pool(own)
            .minChunkSize(64)
            .maxChunkSize(64)
            .maxBufferedBytes(1024)
            .concurrent(100, 50)
            .build();
    Worker<Void> writer =
        Worker.start(
            () -> {
              for (int i = 0; i < 300; i++) {
                ByteBuffer b = pipe.getBuffer(16);
                b.put((byte) i);
                pipe.bufferWritten(1);
              }
              return null;
            });
    assertEquals(300, pipe.awaitAtLeast(300, 10, TimeUnit.SECONDS));
    writer.get();
    for (int i = 0; i < 300; i++) {
      assertEquals((byte) i, pipe.readByte());
    }
    assertTrue(own.peakBytes() <= 1024 + 64, "peak " + own.peakBytes());
    pipe.close();
    own.assertAllReturned();
  }

  /**
   * A peer that trickles one byte per {@code getBuffer(maxChunkSize)} (the usual NIO read loop with
   * the hint set to the chunk size) reaches the unread limit within the memory bound, instead of
   * being refused after about {@code maxBufferedBytes / maxChunkSize} bytes.
   */
  @Test
  void aTricklingLenderAskingForAWholeChunkIsNotRefusedFarBelowTheLimit() throws IOException {
    CountingPool own = new CountingPool();
    Pipe pipe =
        Pipe.builder().pool(own).minChunkSize(64).maxChunkSize(64).maxBufferedBytes(1024).build();
    int sent = 0;
    while (pipe.length() + 64 <= 1024) { // a whole-chunk loan still fits under the limit
      ByteBuffer b = pipe.getBuffer(64);
      b.put((byte) sent++);
      pipe.bufferWritten(1);
      assertTrue(own.heldBytes() <= 1024 + 64, "held " + own.heldBytes());
    }
    assertEquals(1024 - 64 + 1, sent);
    assertThrows(BufferLimitExceededException.class, () -> pipe.getBuffer(64));
    ByteBuffer rest = pipe.getBuffer(63); // what the limit leaves is still lent
    rest.put(new byte[63]);
    pipe.bufferWritten(63);
    assertTrue(own.peakBytes() <= 1024 + 64, "peak " + own.peakBytes());
    assertEquals(1024, pipe.length());
    for (int i = 0; i < sent; i++) {
      assertEquals((byte) i, pipe.readByte());
    }
    pipe.close();
    own.assertAllReturned();
  }

  @Test
  void aSecondThreadWritingIntWhileTheFirstHoldsALoanIsToldWhoHoldsIt() throws Exception {
    Pipe pipe = concurrent(8, 64, 32);
    ByteBuffer lent = pipe.getBuffer(4);
    Worker<Void> other =
        Worker.start(
            () -> {
              pipe.writeInt(1);
              return null;
            });
    Throwable t = other.failure();
    assertTrue(t instanceof IllegalStateException, String.valueOf(t));
    assertTrue(t.getMessage().contains(Thread.currentThread().getName()), t.getMessage());
    lent.putInt(2);
    pipe.bufferWritten(4);
    assertEquals(2, pipe.readInt());
  }

  @Test
  void aConcurrentTypedReadFromASecondReaderThreadIsToldWhoReads() throws Exception {
    Pipe pipe = concurrent(8, 64, 32);
    Worker<Long> reader = Worker.start(() -> pipe.awaitAtLeast(8)).awaitParked();
    Worker<Integer> other = Worker.start(pipe::readInt);
    Throwable t = other.failure();
    assertTrue(t instanceof IllegalStateException, String.valueOf(t));
    assertTrue(t.getMessage().contains(reader.thread().getName()), t.getMessage());
    pipe.writeLong(3);
    assertEquals(8, reader.get());
  }

  // ---------------------------------------------------------------- documentation

  /**
   * Pipe's javadoc and SPEC ("Memory bounds") promise {@link LimitExceededException} for a wait
   * for more than {@code maxBufferedBytes}; a plain pipe said "not concurrent" instead, which sends
   * the reader looking for the wrong mistake.
   */
  @Test
  void awaitAtLeastPastTheLimitOfAPlainPipeIsLimitExceededAsDocumented() {
    for (boolean debug : new boolean[] {false, true}) {
      Pipe pipe =
          track(Pipe.builder().pool(pool).maxChunkSize(4).maxBufferedBytes(10).debug(debug).build());
      write(pipe, "abc");
      LimitExceededException e =
          assertThrows(LimitExceededException.class, () -> pipe.awaitAtLeast(11));
      assertTrue(e.getMessage().contains("maxBufferedBytes=10"), e.getMessage());
      assertThrows(
          LimitExceededException.class, () -> pipe.awaitAtLeast(11, 1, TimeUnit.SECONDS));
      assertEquals(3, pipe.length());
    }
  }

  @Test
  void toStringOfAFailedPipeShowsTheFailure() {
    Pipe pipe = pipe(4);
    pipe.writeInt(0xCAFEBABE);
    pipe.eof(new IOException("boom"));
    String s = pipe.toString();
    assertTrue(s.contains("boom") && s.contains("ca fe ba be"), s);
  }
}
