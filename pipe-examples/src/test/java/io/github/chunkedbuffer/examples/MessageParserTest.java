package io.github.chunkedbuffer.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.LimitExceededException;
import io.github.chunkedbuffer.pipe.PartialReadException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Feeds encoded messages into a pipe in awkward pieces and checks what the parser takes out. */
class MessageParserTest {

  /** Returns the wire form of {@code messages}, one after the other. */
  private static byte[] encode(List<Message> messages) {
    int total = messages.stream().mapToInt(Message::encodedLength).sum();
    ByteBuffer b = ByteBuffer.allocate(total);
    messages.forEach(m -> m.encodeTo(b));
    return b.array();
  }

  private static List<Message> generate(long seed, long bytes) {
    List<Message> list = new ArrayList<>();
    MessageGenerator g = new MessageGenerator(seed, bytes);
    for (Message m = g.next(); m != null; m = g.next()) {
      list.add(m);
    }
    return list;
  }

  /** Writes {@code wire} in pieces of {@code 1..maxPiece} bytes, parsing after each. */
  private static List<Message> feed(byte[] wire, int maxPiece, long seed) throws IOException {
    List<Message> parsed = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(seed);
    try (Pipe pipe = Pipe.builder().minChunkSize(16).maxChunkSize(64).build()) {
      MessageParser parser = new MessageParser(pipe);
      int offset = 0;
      while (offset < wire.length) {
        int n = Math.min(wire.length - offset, 1 + random.nextInt(maxPiece));
        pipe.write(wire, offset, n);
        offset += n;
        drain(parser, parsed, parsed.size());
      }
      pipe.eof();
      drain(parser, parsed, parsed.size());
      assertTrue(pipe.reachedEof());
    }
    return parsed;
  }

  private static void drain(MessageParser parser, List<Message> into, long index)
      throws IOException {
    long i = index;
    for (ReceivedMessage next = parser.next(); next != null; next = parser.next(), i++) {
      try (ReceivedMessage r = next) {
        assertEquals((i & 1) == 1, r.isZeroCopy(), "message #" + i + " zero-copy");
        byte[] payload = r.toByteArray();
        assertEquals(-1, r.firstDifference(payload));
        into.add(new Message(r.kind(), payload));
      }
    }
  }

  @Test
  void parsesEveryMessageWhenBytesArriveOneAtATime() throws IOException {
    List<Message> sent = generate(1, 64 * 1024);
    assertEquals(sent, feed(encode(sent), 1, 1));
  }

  @Test
  void parsesEveryMessageWhenBytesArriveInRandomPieces() throws IOException {
    List<Message> sent = generate(2, 2 << 20);
    assertEquals(sent, feed(encode(sent), 10_000, 2));
  }

  @Test
  void incompleteMessageReturnsNullUntilTheRestArrives() throws IOException {
    try (Pipe pipe = Pipe.create()) {
      MessageParser parser = new MessageParser(pipe);
      pipe.write("$5\r\nhel".getBytes(StandardCharsets.US_ASCII));
      assertNull(parser.next());
      pipe.write("lo\r".getBytes(StandardCharsets.US_ASCII));
      assertNull(parser.next());
      pipe.write("\n".getBytes(StandardCharsets.US_ASCII));
      try (ReceivedMessage m = parser.next()) {
        assertEquals(Message.Kind.BULK, m.kind());
        assertEquals(-1, m.firstDifference("hello".getBytes(StandardCharsets.US_ASCII)));
      }
      assertEquals(0, pipe.length());
    }
  }

  @Test
  void unknownMarkerIsAProtocolError() throws IOException {
    try (Pipe pipe = Pipe.create()) {
      pipe.write(new byte[] {'?'});
      ProtocolException e = assertThrows(ProtocolException.class, new MessageParser(pipe)::next);
      assertTrue(e.getMessage().contains("0x3f"), e.getMessage());
    }
  }

  @Test
  void bulkLengthThatIsNoNumberIsAProtocolError() throws IOException {
    try (Pipe pipe = Pipe.create()) {
      pipe.write("$-1\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThrows(ProtocolException.class, new MessageParser(pipe)::next);
    }
  }

  @Test
  void lineWithoutTerminatorWithinTheLimitFails() throws IOException {
    try (Pipe pipe = Pipe.create()) {
      pipe.write(new byte[] {'+'});
      pipe.write(new byte[MessageGenerator.maxLineLength() + 2]);
      assertThrows(LimitExceededException.class, new MessageParser(pipe)::next);
    }
  }

  @Test
  void frameCutShortByEofIsAPartialReadCarryingTheRest() throws IOException {
    try (Pipe pipe = Pipe.create()) {
      pipe.write(new byte[] {'#', 0, 0, 0, 16, 'a', 'b', 'c'});
      MessageParser parser = new MessageParser(pipe);
      assertNull(parser.next());
      pipe.eof();
      PartialReadException e = assertThrows(PartialReadException.class, parser::next);
      assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), e.leftover());
    }
  }
}
