package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PipeCloseTest extends PipeTestSupport {

  private static final byte[] NL = {'\n'};

  @Test
  void closeReleasesEveryChunk() throws IOException {
    Pipe pipe = pipe(2);
    write(pipe, "0123456789abcdef");
    assertEquals(3, pipe.skip(3));
    assertTrue(pool.outstanding() >= 6);
    pipe.close();
    assertEquals(0, pool.outstanding());
    pool.assertNoMisuse();
  }

  @Test
  void closeReleasesALentBufferToo() {
    Pipe pipe = pipe(4);
    write(pipe, "ab");
    pipe.getBuffer(100).put((byte) 1);
    pipe.close();
    assertEquals(0, pool.outstanding());
  }

  @Test
  void closeIsIdempotent() {
    Pipe pipe = pipe();
    write(pipe, "abcdefgh");
    pipe.close();
    pipe.close();
    assertTrue(pipe.isClosed());
    pipe.close();
    pool.assertAllReturned();
  }

  @Test
  void closeAfterEofWorksAndReleasesTheRest() {
    Pipe pipe = pipe();
    write(pipe, "abcdefgh");
    pipe.eof(new IOException("x"));
    pipe.close();
    assertTrue(pipe.isClosed());
    assertEquals(0, pool.outstanding());
  }

  @Test
  void closeWithoutEofMarksThePipeClosed() {
    Pipe pipe = pipe();
    assertFalse(pipe.isClosed());
    pipe.close();
    assertTrue(pipe.isClosed());
  }

  @Test
  void everyOtherCallAfterCloseIsIllegalState() {
    Pipe pipe = pipe();
    write(pipe, "abc\ndef");
    pipe.close();
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("getBuffer()", pipe::getBuffer);
    calls.put("getBuffer(4)", () -> pipe.getBuffer(4));
    calls.put("bufferWritten(0)", () -> pipe.bufferWritten(0));
    calls.put("write(byte[])", () -> pipe.write(bytes("x")));
    calls.put("write(byte[],int,int)", () -> pipe.write(bytes("x"), 0, 1));
    calls.put("write(ByteBuffer)", () -> pipe.write(ByteBuffer.wrap(bytes("x"))));
    calls.put(
        "readFrom",
        () -> pipe.readFrom(new PipeWriteSideTest.ScriptedChannel().then(bytes("x"))));
    calls.put("eof()", pipe::eof);
    calls.put("eof(cause)", () -> pipe.eof(new IOException("x")));
    calls.put("read()", pipe::read);
    calls.put("read(1)", () -> pipe.read(1));
    calls.put("read(0)", () -> pipe.read(0));
    calls.put("readExact(1)", () -> pipe.readExact(1));
    calls.put("readExact(0)", () -> pipe.readExact(0));
    calls.put("readUntil(sep)", () -> pipe.readUntil(NL));
    calls.put("readUntil(sep,skip)", () -> pipe.readUntil(NL, true));
    calls.put("readUntil(sep,skip,limit)", () -> pipe.readUntil(NL, true, 10));
    calls.put("peek()", pipe::peek);
    calls.put("peek(1)", () -> pipe.peek(1));
    calls.put("peek(0)", () -> pipe.peek(0));
    calls.put("peekExact(1)", () -> pipe.peekExact(1));
    calls.put("skip()", pipe::skip);
    calls.put("skip(1)", () -> pipe.skip(1));
    calls.put("skip(0)", () -> pipe.skip(0));
    calls.put("skipExact(1)", () -> pipe.skipExact(1));
    calls.put("skipExact(0)", () -> pipe.skipExact(0));
    calls.put("readZeroCopy(1)", () -> pipe.readZeroCopy(1));
    calls.put("readZeroCopy(0)", () -> pipe.readZeroCopy(0));
    calls.put("readExactZeroCopy(1)", () -> pipe.readExactZeroCopy(1));
    calls.put("readUntilZeroCopy(sep,skip)", () -> pipe.readUntilZeroCopy(NL, false));
    calls.put("readUntilZeroCopy(sep,skip,limit)", () -> pipe.readUntilZeroCopy(NL, false, 9));
    calls.put("peekZeroCopy(1)", () -> pipe.peekZeroCopy(1));
    calls.put("peekExactZeroCopy(1)", () -> pipe.peekExactZeroCopy(1));
    calls.put("findByte(b)", () -> pipe.findByte((byte) 'a'));
    calls.put("findByte(b,start,end)", () -> pipe.findByte((byte) 'a', 0, 3));
    calls.put("find(s)", () -> pipe.find(bytes("a")));
    calls.put("find(s,start,end)", () -> pipe.find(bytes("a"), 0, 3));
    calls.put("byteAt(0)", () -> pipe.byteAt(0));
    calls.put("length()", pipe::length);
    calls.put("reachedEof()", pipe::reachedEof);
    calls.forEach((name, call) -> assertThrows(IllegalStateException.class, call, name));
    assertTrue(pipe.isClosed());
    pool.assertAllReturned();
  }

  @Test
  void closeInTheMiddleOfAnUnfinishedReadUntilReleasesEverything() throws IOException {
    Pipe pipe = pipe(1);
    trickle(pipe, "partial line without end");
    assertNull(pipe.readUntil(NL));
    pipe.close();
    pool.assertAllReturned();
  }
}
