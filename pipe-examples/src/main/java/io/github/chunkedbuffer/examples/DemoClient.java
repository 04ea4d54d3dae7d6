package io.github.chunkedbuffer.examples;

import io.github.chunkedbuffer.pipe.PartialReadException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.channels.ReadableByteChannel;

/**
 * The client side of the demo: reads a channel into a pipe with {@link
 * Pipe#readFrom(ReadableByteChannel)}, takes messages out with a {@link MessageParser} as they
 * complete, and checks each against the same {@link MessageGenerator} sequence the server sent.
 */
final class DemoClient {

  /**
   * What the client received, all of it verified.
   *
   * @param messages messages received
   * @param zeroCopyMessages how many of them were read without copying
   * @param bytes bytes on the wire
   */
  record Received(long messages, long zeroCopyMessages, long bytes) {}

  private DemoClient() {}

  /**
   * Reads {@code channel} to its end through {@code pipe} and checks every message against {@code
   * expected}, which must be positioned at the start of the sequence the server sends.
   *
   * @throws VerificationException at the first message that differs, when the stream ends inside a
   *     message or before the sequence does, or when the stream holds bytes that are no message
   * @throws IOException what the channel threw
   */
  static Received receive(ReadableByteChannel channel, Pipe pipe, MessageGenerator expected)
      throws IOException, VerificationException {
    MessageParser parser = new MessageParser(pipe);
    long messages = 0;
    long zeroCopy = 0;
    long bytes = 0;
    try {
      while (true) {
        for (ReceivedMessage next = parser.next(); next != null; next = parser.next()) {
          try (ReceivedMessage received = next) {
            Message want = expected.next();
            check(messages, received, want);
            bytes += want.encodedLength();
            zeroCopy += received.isZeroCopy() ? 1 : 0;
            messages++;
          }
        }
        if (pipe.reachedEof()) {
          break;
        }
        pipe.readFrom(channel);
      }
    } catch (PartialReadException e) {
      throw new VerificationException(
          "the stream ended inside message #"
              + messages
              + " with "
              + e.leftover().length
              + " of its bytes left: "
              + e.getMessage(),
          e);
    } catch (ProtocolException e) {
      throw new VerificationException("the stream is corrupt: " + e.getMessage(), e);
    }
    Message missing = expected.next();
    if (missing != null) {
      throw new VerificationException(
          "the stream ended after "
              + messages
              + " messages; message #"
              + messages
              + " ("
              + missing
              + ") never came");
    }
    return new Received(messages, zeroCopy, bytes);
  }

  private static void check(long index, ReceivedMessage got, Message want)
      throws VerificationException {
    String how = got.isZeroCopy() ? "zero-copy" : "copied";
    if (want == null) {
      throw new VerificationException(
          "message #"
              + index
              + " ("
              + got.kind()
              + ", "
              + how
              + "): the sequence has only "
              + index
              + " messages");
    }
    if (got.kind() != want.kind()) {
      throw new VerificationException(
          "message #"
              + index
              + ": expected "
              + want
              + ", got "
              + got.kind()
              + "["
              + got.length()
              + " bytes] ("
              + how
              + ")");
    }
    long at = got.firstDifference(want.payload());
    if (at >= 0) {
      throw new VerificationException(
          "message #"
              + index
              + " ("
              + how
              + "): expected "
              + want
              + ", got "
              + got.length()
              + " bytes differing from byte "
              + at);
    }
  }
}
