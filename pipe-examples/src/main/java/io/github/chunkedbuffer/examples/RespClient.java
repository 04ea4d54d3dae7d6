package io.github.chunkedbuffer.examples;

import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A small client of the Redis protocol, RESP2, over a {@link SocketChannel} and a {@link Pipe}.
 *
 * <p>Commands go out as arrays of bulk strings; {@link #pipeline(List)} sends many before reading
 * any reply. Replies map to Java values: a simple string to {@link String}, an error to {@link
 * RespError} (which {@link #call(Object...)} throws as {@link RespException}), an integer to {@link
 * Long}, a bulk string to {@code byte[]} (the null bulk string to {@code null}), an array to a
 * {@code List<Object>} (the null array to {@code null}), nested as deep as the server nests them.
 *
 * <p>Commands are encoded into a second pipe with {@link Pipe#write(CharSequence,
 * java.nio.charset.Charset)} and sent with {@link Pipe#writeTo}, so a pipeline goes out in as few
 * socket writes as the pipe has chunks.
 *
 * <p>Parsing never waits inside a reply: {@link #tryParse} first checks with {@link
 * Pipe#findByte(byte, long, long)} and {@link Pipe#parseLong(long, long, int)} that a whole reply
 * is buffered, jumping over bulk payloads by their length, and only then consumes it: numbers are
 * parsed in place, text with {@link Pipe#readString(int, java.nio.charset.Charset)}, bulk strings
 * with {@link Pipe#readExact(int)}. When the reply is not all there it returns {@link
 * #INCOMPLETE} and the client reads the socket once more ({@link Pipe#readFrom}). A header line
 * longer than {@value #MAX_LINE} bytes is a protocol error rather than a reason to buffer without
 * end.
 *
 * <p>Not thread-safe: one thread sends and reads.
 */
public final class RespClient implements AutoCloseable {

  /** The longest header line (type byte, digits or text, CRLF) accepted. */
  static final int MAX_LINE = 64 * 1024;

  /** What {@link #tryParse} returns while a reply is not wholly buffered. */
  static final Object INCOMPLETE = new Object();

  private static final byte[] CRLF = {'\r', '\n'};

  /** An error reply, such as {@code ERR value is not an integer or out of range}. */
  public record RespError(String message) {}

  /** An error reply thrown by {@link #call(Object...)}. */
  public static final class RespException extends IOException {
    private static final long serialVersionUID = 1L;

    RespException(RespError error) {
      super(error.message());
    }
  }

  private final SocketChannel channel;

  /** Replies read from the socket and not yet parsed. */
  private final Pipe pipe;

  /** Encoded commands not yet written to the socket; empty between calls. */
  private final Pipe out;

  private RespClient(SocketChannel channel, Pipe pipe, Pipe out) {
    this.channel = channel;
    this.pipe = pipe;
    this.out = out;
  }

  /** Connects to a server at {@code address}. */
  public static RespClient connect(InetSocketAddress address) throws IOException {
    SocketChannel channel = SocketChannel.open(address);
    try {
      return new RespClient(channel, Pipe.create(), Pipe.create());
    } catch (RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Sends one command and returns its reply.
   *
   * @param args the command and its arguments: {@code byte[]}, or anything else by its {@code
   *     toString()} in UTF-8
   * @throws RespException when the reply is an error
   */
  public Object call(Object... args) throws IOException {
    Object reply = pipeline(List.of(List.of(args))).get(0);
    if (reply instanceof RespError error) {
      throw new RespException(error);
    }
    return reply;
  }

  /**
   * Sends every command, then reads one reply per command, in order. Error replies come back as
   * {@link RespError} values in the list, so one failing command does not hide the others' replies.
   */
  public List<Object> pipeline(List<? extends List<?>> commands) throws IOException {
    for (List<?> command : commands) {
      encode(command, out);
    }
    while (out.length() > 0) {
      out.writeTo(channel);
    }
    List<Object> replies = new ArrayList<>(commands.size());
    for (int i = 0; i < commands.size(); i++) {
      replies.add(readReply());
    }
    return replies;
  }

  /** Reads the socket until one whole reply is buffered, and takes it. */
  private Object readReply() throws IOException {
    while (true) {
      Object reply = tryParse(pipe);
      if (reply != INCOMPLETE) {
        return reply;
      }
      if (pipe.readFrom(channel) < 0) {
        throw new ProtocolException(
            "the server closed the connection inside a reply (" + pipe.length() + " bytes left)");
      }
    }
  }

  /** Appends {@code command} to {@code out} as a RESP array of bulk strings. */
  static void encode(List<?> command, Pipe out) {
    out.write("*" + command.size() + "\r\n", StandardCharsets.US_ASCII);
    for (Object arg : command) {
      // a bulk string announces its length in bytes first: encode the text before writing
      byte[] b =
          arg instanceof byte[] bytes
              ? bytes
              : Objects.toString(arg).getBytes(StandardCharsets.UTF_8);
      out.write("$" + b.length + "\r\n", StandardCharsets.US_ASCII);
      out.write(b);
      out.write(CRLF);
    }
  }

  // ---------------------------------------------------------------- parsing

  /**
   * Takes one reply from {@code pipe} if it is wholly buffered.
   *
   * @return the reply (possibly {@code null}: a null bulk string or array), or {@link #INCOMPLETE}
   *     with nothing consumed
   * @throws ProtocolException when the bytes are not RESP2
   */
  static Object tryParse(Pipe pipe) throws IOException {
    if (end(pipe, 0) < 0) {
      return INCOMPLETE;
    }
    return take(pipe);
  }

  /**
   * The index just past the reply that starts at {@code at}, or -1 when it is not all buffered.
   * Looks, consumes nothing.
   */
  private static long end(Pipe pipe, long at) throws ProtocolException {
    long eol = lineEnd(pipe, at);
    if (eol < 0) {
      return -1;
    }
    byte type = pipe.byteAt(at);
    switch (type) {
      case '+', '-', ':' -> {
        return eol + 2;
      }
      case '$' -> {
        long n = count(pipe, at + 1, eol);
        if (n < 0) {
          return eol + 2; // the null bulk string
        }
        long end = eol + 2 + n + 2;
        return pipe.length() >= end ? end : -1;
      }
      case '*' -> {
        long n = count(pipe, at + 1, eol);
        long next = eol + 2;
        for (long i = 0; i < n && next >= 0; i++) {
          next = end(pipe, next);
        }
        return next;
      }
      default ->
          throw new ProtocolException(
              "unknown RESP type byte 0x" + Integer.toHexString(type & 0xFF) + " at " + at);
    }
  }

  /** The index of the CR of the CRLF ending the line at {@code at}, or -1 when not buffered. */
  private static long lineEnd(Pipe pipe, long at) throws ProtocolException {
    long cr = pipe.findByte((byte) '\r', at, at + MAX_LINE);
    if (cr < 0) {
      if (pipe.length() - at >= MAX_LINE) {
        throw new ProtocolException("a reply line is longer than " + MAX_LINE + " bytes");
      }
      return -1;
    }
    if (cr + 1 >= pipe.length()) {
      return -1;
    }
    if (pipe.byteAt(cr + 1) != '\n') {
      throw new ProtocolException("a CR not followed by LF at " + cr);
    }
    return cr;
  }

  /**
   * Parses the bulk length or array count in {@code [from, to)} in place: decimal digits with an
   * optional {@code -}, fitting an {@code int}.
   */
  private static int count(Pipe pipe, long from, long to) throws ProtocolException {
    if (from < to && pipe.byteAt(from) != '+') { // RESP has no plus sign; parseLong takes one
      try {
        long n = pipe.parseLong(from, to, 10);
        if (n == (int) n) {
          return (int) n;
        }
      } catch (NumberFormatException e) {
        // reported below, with the other bad counts
      }
    }
    throw new ProtocolException("a bad RESP length of " + (to - from) + " bytes at " + from);
  }

  /** Consumes one reply that {@link #end} found complete. */
  private static Object take(Pipe pipe) throws IOException {
    byte type = pipe.byteAt(0);
    long cr = pipe.findByte((byte) '\r', 1, MAX_LINE);
    switch (type) {
      case '+', '-' -> {
        pipe.skip(1);
        String text = pipe.readString((int) cr - 1, StandardCharsets.UTF_8);
        pipe.skip(2);
        return type == '+' ? text : new RespError(text);
      }
      case ':' -> {
        long value = pipe.parseLong(1, cr, 10);
        pipe.skip(cr + 2);
        return value;
      }
      case '$' -> {
        int n = count(pipe, 1, cr);
        pipe.skip(cr + 2);
        if (n < 0) {
          return null;
        }
        byte[] value = pipe.readExact(n);
        if (pipe.byteAt(0) != '\r' || pipe.byteAt(1) != '\n') {
          throw new ProtocolException("a bulk string of " + n + " bytes is not followed by CRLF");
        }
        pipe.skip(2);
        return value;
      }
      default -> { // '*', the only other type end() lets through
        int n = count(pipe, 1, cr);
        pipe.skip(cr + 2);
        if (n < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          items.add(take(pipe));
        }
        return items;
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      pipe.close();
    } finally {
      out.close();
      channel.close();
    }
  }
}
