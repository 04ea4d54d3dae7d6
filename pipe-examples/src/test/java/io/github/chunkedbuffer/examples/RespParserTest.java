package io.github.chunkedbuffer.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RespClient}'s parser on canned bytes, fed whole and one byte at a time. */
class RespParserTest {

  private static final String REPLIES =
      "+OK\r\n-ERR wrong\r\n:-42\r\n$5\r\nhe\r\no\r\n$-1\r\n$0\r\n\r\n*-1\r\n*0\r\n"
          + "*3\r\n:1\r\n*2\r\n$1\r\na\r\n*-1\r\n+x\r\n";

  private static void check(List<Object> got) {
    assertEquals("OK", got.get(0));
    assertEquals(new RespClient.RespError("ERR wrong"), got.get(1));
    assertEquals(-42L, got.get(2));
    assertArrayEquals("he\r\no".getBytes(StandardCharsets.US_ASCII), (byte[]) got.get(3));
    assertNull(got.get(4));
    assertArrayEquals(new byte[0], (byte[]) got.get(5));
    assertNull(got.get(6));
    assertEquals(List.of(), got.get(7));
    List<?> nested = (List<?>) got.get(8);
    assertEquals(1L, nested.get(0));
    List<?> inner = (List<?>) nested.get(1);
    assertArrayEquals(new byte[] {'a'}, (byte[]) inner.get(0));
    assertNull(inner.get(1));
    assertEquals("x", nested.get(2));
  }

  @Test
  void parsesEveryRespTwoTypeWhenTheBytesAreAllThere() throws IOException {
    try (Pipe pipe = Pipe.create()) {
      pipe.write(REPLIES.getBytes(StandardCharsets.US_ASCII));
      List<Object> got = new ArrayList<>();
      while (pipe.length() > 0) {
        Object r = RespClient.tryParse(pipe);
        got.add(r);
      }
      assertEquals(9, got.size());
      check(got);
    }
  }

  @Test
  void parsesTheSameWhenBytesTrickleInOneAtATimeAndConsumesNothingUntilAReplyIsWhole()
      throws IOException {
    byte[] all = REPLIES.getBytes(StandardCharsets.US_ASCII);
    try (Pipe pipe = Pipe.builder().minChunkSize(3).maxChunkSize(3).build()) {
      List<Object> got = new ArrayList<>();
      for (byte b : all) {
        pipe.write(new byte[] {b});
        long before = pipe.length();
        Object r = RespClient.tryParse(pipe);
        if (r == RespClient.INCOMPLETE) {
          assertEquals(before, pipe.length());
        } else {
          got.add(r);
        }
      }
      assertEquals(0, pipe.length());
      check(got);
    }
  }

  @Test
  void rejectsBytesThatAreNotResp() {
    try (Pipe pipe = Pipe.create()) {
      pipe.write("?what\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThrows(ProtocolException.class, () -> RespClient.tryParse(pipe));
    }
    try (Pipe pipe = Pipe.create()) {
      pipe.write("$x1\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThrows(ProtocolException.class, () -> RespClient.tryParse(pipe));
    }
    for (String bad : List.of("$+1\r\na\r\n", "*4294967297\r\n", "$\r\n", "+OK\rx\n")) {
      try (Pipe pipe = Pipe.create()) {
        pipe.write(bad.getBytes(StandardCharsets.US_ASCII));
        assertThrows(ProtocolException.class, () -> RespClient.tryParse(pipe), bad);
      }
    }
    try (Pipe pipe = Pipe.create()) {
      byte[] endless = new byte[RespClient.MAX_LINE + 1];
      Arrays.fill(endless, (byte) 'a');
      endless[0] = '+';
      pipe.write(endless);
      assertThrows(ProtocolException.class, () -> RespClient.tryParse(pipe));
    }
  }

  @Test
  void encodesCommandsAsArraysOfBulkStringsWithUtf8ByteLengths() throws IOException {
    try (Pipe out = Pipe.create()) {
      RespClient.encode(List.of("SET", "k", new byte[] {0, 1}, 7, "\u00e9"), out);
      assertEquals(
          "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n\0\1\r\n$1\r\n7\r\n$2\r\n\u00c3\u00a9\r\n",
          new String(out.read(), StandardCharsets.ISO_8859_1));
    }
  }
}
