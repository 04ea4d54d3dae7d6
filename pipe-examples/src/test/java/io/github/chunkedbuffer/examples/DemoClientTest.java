package io.github.chunkedbuffer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.Pipe;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Feeds the client recorded streams, whole and damaged, and checks what it reports. */
class DemoClientTest {

  private static final long BYTES = 256 * 1024;

  /** The wire form of the first {@code limit} messages of the sequence for {@code seed}. */
  private static byte[] wire(long seed, int limit) {
    MessageGenerator g = new MessageGenerator(seed, BYTES);
    ByteBuffer b = ByteBuffer.allocate(4 << 20);
    int n = 0;
    for (Message m = g.next(); m != null && n < limit; m = g.next(), n++) {
      m.encodeTo(b);
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  private static DemoClient.Received receive(byte[] wire, long expectedSeed)
      throws IOException, VerificationException {
    try (Pipe pipe = Pipe.create()) {
      return DemoClient.receive(
          Channels.newChannel(new ByteArrayInputStream(wire)),
          pipe,
          new MessageGenerator(expectedSeed, BYTES));
    }
  }

  private static String failure(byte[] wire, long expectedSeed) {
    return assertThrows(VerificationException.class, () -> receive(wire, expectedSeed))
        .getMessage();
  }

  @Test
  void acceptsTheWholeStreamAndCountsIt() throws Exception {
    byte[] wire = wire(1, Integer.MAX_VALUE);
    DemoClient.Received r = receive(wire, 1);
    assertEquals(wire.length, r.bytes());
    assertEquals(r.messages() / 2, r.zeroCopyMessages());
  }

  @Test
  void reportsTheFirstMessageThatDiffers() {
    String message = failure(wire(1, Integer.MAX_VALUE), 2);
    assertTrue(message.startsWith("message #0"), message);
  }

  @Test
  void reportsAStreamCutInsideAMessage() {
    byte[] wire = wire(1, Integer.MAX_VALUE);
    String message = failure(Arrays.copyOf(wire, wire.length - 1), 1);
    assertTrue(message.startsWith("the stream ended inside message #"), message);
  }

  @Test
  void reportsAStreamThatEndsBeforeTheSequence() {
    String message = failure(wire(1, 10), 1);
    assertTrue(message.contains("ended after 10 messages; message #10"), message);
  }

  @Test
  void reportsBytesThatAreNoMessage() {
    String message = failure(new byte[] {'!'}, 1);
    assertTrue(message.startsWith("the stream is corrupt: message 0: unknown marker"), message);
  }
}
