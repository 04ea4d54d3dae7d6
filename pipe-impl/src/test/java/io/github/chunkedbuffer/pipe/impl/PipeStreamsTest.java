package io.github.chunkedbuffer.pipe.impl;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import io.github.chunkedbuffer.pipe.Pipe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** {@link Pipe#asInputStream()} and {@link Pipe#asOutputStream()}, on plain and concurrent pipes. */
class PipeStreamsTest extends PipeTestSupport {

  // ---------------------------------------------------------------- input stream, concurrent

  @Test
  void inputStreamOnAConcurrentPipeBlocksUntilBytesArrive() throws Exception {
    Pipe pipe = concurrent(4, 1024, 0);
    InputStream in = pipe.asInputStream();
    Worker<Integer> reader = Worker.start(in::read);
    reader.awaitParked();
    write(pipe, "A");
    assertEquals('A', reader.get());

    byte[] buf = new byte[10];
    Worker<Integer> bulk = Worker.start(() -> in.read(buf, 2, 8));
    bulk.awaitParked();
    write(pipe, "0123456789abc");
    int n = bulk.get(); // what was buffered when it woke: at least one chunk-sized piece
    assertTrue(n >= 1 && n <= 8, "read " + n);
    assertEquals("01234567".substring(0, n), new String(buf, 2, n, ISO_8859_1));
    assertEquals("0123456789abc".substring(n), unread(pipe));
    assertEquals(8 - n, in.read(buf, 2 + n, 8 - n), "the rest is buffered now");
    assertEquals("01234567", new String(buf, 2, 8, ISO_8859_1));
  }

  @Test
  void inputStreamOnAConcurrentPipeBlocksUntilEofThenReturnsMinusOne() throws Exception {
    Pipe pipe = concurrent(4, 1024, 0);
    InputStream in = pipe.asInputStream();
    write(pipe, "xy");
    assertEquals('x', in.read());
    assertEquals('y', in.read());
    Worker<Integer> reader = Worker.start(in::read);
    reader.awaitParked();
    pipe.eof();
    assertEquals(-1, reader.get());
    assertEquals(-1, in.read(new byte[4], 0, 4));
    assertEquals(0, in.read(new byte[4], 0, 0), "len 0 returns 0 even at EOF");
  }

  @Test
  void inputStreamRethrowsTheWritersFailureAfterTheBufferedBytes() throws Exception {
    Pipe pipe = concurrent(4, 1024, 0);
    InputStream in = pipe.asInputStream();
    write(pipe, "ok");
    Worker<byte[]> reader = Worker.start(in::readAllBytes);
    reader.awaitParked();
    IOException cause = new IOException("upstream died");
    pipe.eof(cause);
    Throwable thrown = reader.failure();
    assertInstanceOf(IOException.class, thrown);
    assertSame(cause, thrown.getCause());
    IOException again = assertThrows(IOException.class, in::read);
    assertSame(cause, again.getCause(), "every later read fails the same way");
  }

  @Test
  void interruptingABlockedInputStreamReadThrowsInterruptedIoException() throws Exception {
    Pipe pipe = concurrent(4, 1024, 0);
    InputStream in = pipe.asInputStream();
    Worker<Boolean> reader =
        Worker.start(
            () -> {
              try {
                in.read();
                return false;
              } catch (InterruptedIOException e) {
                return Thread.currentThread().isInterrupted();
              }
            });
    reader.awaitParked();
    reader.thread().interrupt();
    assertTrue(reader.get(), "the interrupt status is kept");
    write(pipe, "still here");
    assertEquals("still here", str(in.readNBytes(10)));
  }

  @Test
  void closeOfAConcurrentPipeWakesABlockedInputStreamRead() throws Exception {
    Pipe pipe = concurrent(4, 1024, 0);
    InputStream in = pipe.asInputStream();
    Worker<Integer> reader = Worker.start(in::read);
    reader.awaitParked();
    pipe.close();
    assertInstanceOf(IllegalStateException.class, reader.failure());
  }

  @Test
  void inputStreamAndOutputStreamCarryEightMegabytesBetweenThreads() throws Exception {
    Pipe pipe = concurrent(4096, 64 * 1024, 16 * 1024);
    int total = 8 << 20;
    Worker<Long> writer =
        Worker.start(
            () -> {
              CRC32 crc = new CRC32();
              try (OutputStream out = pipe.asOutputStream()) {
                byte[] block = pattern(10_007, 253);
                for (int sent = 0; sent < total; ) {
                  int n = Math.min(block.length - sent % 97, total - sent);
                  out.write(block, sent % 97, n);
                  crc.update(block, sent % 97, n);
                  sent += n;
                  out.write(0x5A);
                  crc.update(0x5A);
                  sent++;
                }
              }
              return crc.getValue();
            });
    CRC32 crc = new CRC32();
    long received = 0;
    try (InputStream in = pipe.asInputStream()) {
      byte[] buf = new byte[3000];
      for (int n; (n = in.read(buf)) != -1; ) {
        crc.update(buf, 0, n);
        received += n;
        assertTrue(pipe.length() <= 64 * 1024 + 4096);
      }
    }
    long expected = writer.get();
    assertTrue(received >= total && received <= total + 1, "received " + received);
    assertEquals(expected, crc.getValue());
    assertTrue(pipe.isClosed(), "closing the input stream closes the pipe");
  }

  // ---------------------------------------------------------------- input stream, plain

  @Test
  void inputStreamOnAnEmptyPlainPipeThrowsIllegalStateException() throws Exception {
    Pipe pipe = pipe(4);
    InputStream in = pipe.asInputStream();
    IllegalStateException e = assertThrows(IllegalStateException.class, in::read);
    assertTrue(e.getMessage().contains("concurrent"), e.getMessage());
    write(pipe, "abcdef");
    assertEquals(6, in.available());
    byte[] buf = new byte[4];
    assertEquals(4, in.read(buf));
    assertArrayEquals(bytes("abcd"), buf);
    assertEquals(1, in.skip(1));
    assertEquals('f', in.read());
    assertEquals(0, in.skip(10), "skip never waits");
    pipe.eof();
    assertEquals(-1, in.read());
    assertEquals(0, in.available());
  }

  @Test
  void inputStreamOnAPlainPipeReadsEverythingBufferedBeforeEof() throws Exception {
    Pipe pipe = pipe(3);
    byte[] data = pattern(1000, 256);
    pipe.write(data);
    pipe.eof();
    try (InputStream in = pipe.asInputStream()) {
      assertArrayEquals(data, in.readAllBytes());
    }
    assertThrows(IllegalStateException.class, pipe::length, "closing the stream closed the pipe");
  }

  @Test
  void inputStreamOnAFailedPlainPipeThrowsTheCause() throws Exception {
    Pipe pipe = pipe(4);
    write(pipe, "ab");
    IOException cause = new IOException("boom");
    pipe.eof(cause);
    InputStream in = pipe.asInputStream();
    assertEquals('a', in.read());
    assertEquals('b', in.read());
    assertSame(cause, assertThrows(IOException.class, in::read).getCause());
  }

  @Test
  void streamsOfAClosedPipeCannotBeHad() {
    Pipe pipe = pipe(4);
    pipe.close();
    assertThrows(IllegalStateException.class, pipe::asInputStream);
    assertThrows(IllegalStateException.class, pipe::asOutputStream);
    Pipe concurrent = concurrent(4, 10, 0);
    concurrent.close();
    assertThrows(IllegalStateException.class, concurrent::asInputStream);
    assertThrows(IllegalStateException.class, concurrent::asOutputStream);
  }

  @Test
  void inputStreamChecksItsArguments() {
    Pipe pipe = pipe(4);
    InputStream in = pipe.asInputStream();
    assertThrows(IndexOutOfBoundsException.class, () -> in.read(new byte[4], 3, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> in.read(new byte[4], -1, 1));
  }

  // ---------------------------------------------------------------- output stream

  @Test
  void outputStreamWritesIntoThePipeAndCloseSignalsEof() throws Exception {
    Pipe pipe = pipe(4);
    OutputStream out = pipe.asOutputStream();
    out.write('<');
    out.write(bytes("hello world"));
    out.write(bytes("[xyz]"), 1, 3);
    out.flush();
    assertEquals("<hello worldxyz", unread(pipe));
    out.close();
    assertTrue(pipe.isClosed());
    assertEquals("<hello worldxyz", str(pipe.read()));
    assertTrue(pipe.reachedEof());
    out.close(); // a second close is ignored
    assertThrows(IllegalStateException.class, () -> out.write(1));
  }

  @Test
  void outputStreamCloseAfterThePipeWasClosedDoesNothing() throws Exception {
    Pipe pipe = pipe(4);
    OutputStream out = pipe.asOutputStream();
    pipe.close();
    out.close();
    assertTrue(pipe.isClosed());
  }

  @Test
  void outputStreamWorksWithTransferTo() throws Exception {
    Pipe pipe = pipe(16);
    byte[] data = pattern(100_000, 241);
    try (OutputStream out = pipe.asOutputStream()) {
      new java.io.ByteArrayInputStream(data).transferTo(out);
    }
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    pipe.asInputStream().transferTo(copy);
    assertArrayEquals(data, copy.toByteArray());
  }

  @Test
  void outputStreamOnAConcurrentPipeWaitsWhileTheWriterIsHeld() throws Exception {
    Pipe pipe = concurrent(8, 16, 0);
    OutputStream out = pipe.asOutputStream();
    Worker<Void> writer =
        Worker.start(
            () -> {
              out.write(pattern(40, 40));
              out.close();
              return null;
            });
    writer.awaitParked();
    assertTrue(pipe.length() > 16 && pipe.length() <= 24, "held at " + pipe.length());
    assertArrayEquals(pattern(40, 40), pipe.asInputStream().readAllBytes());
    writer.get();
  }
}
