package io.github.chunkedbuffer.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.PartialReadException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The usage example of the README, with its printed results turned into assertions. Keep the two in
 * step: this test is what proves the README's code compiles and does what it says.
 */
class ReadmeExampleTest {

  @Test
  void readmeUsageExampleWorks() throws IOException {
    try (Pipe pipe = Pipe.create()) {
      ByteBuffer buf = pipe.getBuffer(64); // lend a buffer with room for at least 64 bytes
      buf.put("PING 5\r\nhello".getBytes(StandardCharsets.US_ASCII));
      pipe.bufferWritten(13); // commit what was written
      byte[] line = pipe.readUntil(new byte[] {'\r', '\n'}, true); // null until a CRLF arrives
      int n = Integer.parseInt(new String(line, StandardCharsets.US_ASCII).substring(5));
      try (ByteSequence body = pipe.readExactZeroCopy(n)) { // a view of the chunks, no copy
        assertEquals("hello", body.toString(StandardCharsets.US_ASCII));
      }
      pipe.write(new byte[] {'x'});
      pipe.eof(); // the writer is done
      PartialReadException e = assertThrows(PartialReadException.class, () -> pipe.readExact(4));
      assertArrayEquals(new byte[] {'x'}, e.leftover()); // nothing is lost
    }
  }
}
