package io.github.chunkedbuffer.examples;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ByteView;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PipeRead;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small HTTP/1.1 client over a {@link SocketChannel} and a {@link Pipe}: GET requests on one
 * kept-alive connection, responses with a {@code Content-Length} body, a {@code Transfer-Encoding:
 * chunked} body (chunk extensions ignored, trailers kept), or a body that runs to the end of the
 * connection.
 *
 * <p>The status line and every header line are read with {@link Pipe#readUntil(byte[], boolean,
 * long, ByteView)} and a limit of {@value #MAX_LINE} bytes, so a peer that never ends a line costs a
 * bounded buffer and a {@link io.github.chunkedbuffer.pipe.LimitExceededException}; a chunk size is
 * parsed in place with {@link ByteView#parseLong(long, long, int)}. Body bytes go from the pipe's
 * chunks straight into the result array through zero-copy reads. The request is written with {@link
 * Pipe#write(CharSequence, java.nio.charset.Charset)} into a second pipe that {@link Pipe#writeTo}
 * sends. When the pipe does not hold enough yet, the client reads the socket once more ({@link
 * Pipe#readFrom}) and tries again.
 *
 * <p>Not thread-safe: one thread sends and reads.
 */
public final class MiniHttpClient implements AutoCloseable {

  /** The longest status, header, chunk-size or trailer line accepted, CRLF included. */
  static final int MAX_LINE = 8 * 1024;

  /** The most header (or trailer) lines accepted in one response. */
  static final int MAX_HEADERS = 100;

  private static final byte[] CRLF = {'\r', '\n'};

  /**
   * A response.
   *
   * @param status the status code
   * @param reason the reason phrase
   * @param headers header fields by lower-case name, values in order of arrival
   * @param body the body (empty when there is none)
   * @param trailers trailer fields of a chunked body by lower-case name; empty otherwise
   */
  @SuppressWarnings("ArrayRecordComponent") // read once and handed over, never compared or hashed
  public record Response(
      int status,
      String reason,
      Map<String, List<String>> headers,
      byte[] body,
      Map<String, List<String>> trailers) {

    /** The first value of header {@code name} (any case), or {@code null}. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }
  }

  private final SocketChannel channel;
  private final String host;
  /** Response bytes read from the socket and not yet parsed. */
  private final Pipe pipe;

  /** The request not yet written to the socket; empty between calls. */
  private final Pipe out;

  private MiniHttpClient(SocketChannel channel, String host, Pipe pipe, Pipe out) {
    this.channel = channel;
    this.host = host;
    this.pipe = pipe;
    this.out = out;
  }

  /** Connects to {@code address}; requests name it in their {@code Host} header. */
  public static MiniHttpClient connect(InetSocketAddress address) throws IOException {
    SocketChannel channel = SocketChannel.open(address);
    try {
      return new MiniHttpClient(
          channel, address.getHostString() + ":" + address.getPort(), Pipe.create(), Pipe.create());
    } catch (RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Sends {@code GET target} and reads the response. */
  public Response get(String target) throws IOException {
    out.write(
        "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: */*\r\n\r\n",
        StandardCharsets.US_ASCII);
    while (out.length() > 0) {
      out.writeTo(channel);
    }
    return readResponse(pipe, channel);
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

  // ---------------------------------------------------------------- parsing

  /**
   * Reads one response from {@code pipe}, filling it from {@code channel} whenever it runs short.
   * With {@code channel == null} the pipe must already hold the whole response, or be at EOF.
   *
   * @throws ProtocolException when the bytes are not a response this client understands
   * @throws EOFException when the stream ends inside it (a {@link
   *     io.github.chunkedbuffer.pipe.PartialReadException} when it ends inside a line)
   */
  static Response readResponse(Pipe pipe, ReadableByteChannel channel) throws IOException {
    return new ResponseReader(pipe, channel).response();
  }

  /** The state of reading one response: the pipe, the channel that fills it, a borrowed view. */
  private static final class ResponseReader {
    private final Pipe pipe;
    private final ReadableByteChannel channel;

    /** Points at the last line or chunk terminator read; valid until the next read. */
    private final ByteView view;

    ResponseReader(Pipe pipe, ReadableByteChannel channel) {
      this.pipe = pipe;
      this.channel = channel;
      this.view = pipe.newView();
    }

    Response response() throws IOException {
      String statusLine = line();
      // HTTP/1.1 200 OK
      if (!statusLine.startsWith("HTTP/1.")
          || statusLine.length() < 12
          || statusLine.charAt(8) != ' ') {
        throw new ProtocolException("not an HTTP/1.x status line: " + statusLine);
      }
      int status;
      try {
        status = Integer.parseInt(statusLine, 9, 12, 10);
      } catch (NumberFormatException e) {
        throw new ProtocolException("a bad status code in: " + statusLine);
      }
      String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
      Map<String, List<String>> headers = fields();
      Map<String, List<String>> trailers = Collections.emptyMap();
      byte[] body;
      String transferEncoding = first(headers, "transfer-encoding");
      String contentLength = first(headers, "content-length");
      if (status / 100 == 1 || status == 204 || status == 304) {
        body = new byte[0];
      } else if (transferEncoding != null
          && transferEncoding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
        body = chunkedBody();
        trailers = fields();
      } else if (contentLength != null) {
        long n;
        try {
          n = Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
          throw new ProtocolException("a bad Content-Length: " + contentLength);
        }
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
          throw new ProtocolException("Content-Length " + n + " is out of range");
        }
        body = new byte[(int) n];
        readInto(body, 0, (int) n);
      } else {
        body = untilEof();
      }
      return new Response(status, reason, headers, body, trailers);
    }

    /**
     * {@code chunk-size [; ext] CRLF data CRLF ... 0 CRLF}, up to the trailers. The size is parsed
     * in place, from the view of its line.
     */
    private byte[] chunkedBody() throws IOException {
      byte[] body = new byte[0];
      int length = 0;
      while (true) {
        fill(p -> p.readUntil(CRLF, true, MAX_LINE, view) ? view : null);
        long semicolon = view.indexOf((byte) ';', 0);
        long size = chunkSize(semicolon < 0 ? view.length() : semicolon);
        if (size < 0 || length + size > Integer.MAX_VALUE - 8) {
          throw new ProtocolException(
              "a bad chunk size line: " + view.toString(StandardCharsets.ISO_8859_1));
        }
        if (size == 0) {
          return Arrays.copyOf(body, length);
        }
        if (length + size > body.length) {
          long grown = Math.max(length + size, 2L * body.length);
          body = Arrays.copyOf(body, (int) Math.min(Integer.MAX_VALUE - 8, grown));
        }
        readInto(body, length, (int) size);
        length += (int) size;
        fill(p -> p.readExact(2, view) ? view : null);
        if (!view.rangeEquals(0, CRLF)) {
          throw new ProtocolException("a chunk of " + size + " bytes is not followed by CRLF");
        }
      }
    }

    /**
     * The hexadecimal size in bytes {@code [0, end)} of the viewed line, blanks around it ignored
     * as {@link String#trim()} does; -1 unless it is 1 to 8 hex digits.
     */
    private long chunkSize(long end) {
      long from = 0;
      long to = end;
      while (from < to && (view.byteAt(from) & 0xff) <= ' ') {
        from++;
      }
      while (to > from && (view.byteAt(to - 1) & 0xff) <= ' ') {
        to--;
      }
      if (from == to || to - from > 8) {
        return -1;
      }
      try {
        return view.parseLong(from, to, 16);
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    /** Header (or trailer) fields up to the empty line. */
    private Map<String, List<String>> fields() throws IOException {
      Map<String, List<String>> fields = new LinkedHashMap<>();
      for (int count = 0; ; count++) {
        String line = line();
        if (line.isEmpty()) {
          return fields;
        }
        if (count == MAX_HEADERS) {
          throw new ProtocolException("more than " + MAX_HEADERS + " header lines");
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new ProtocolException("not a header line: " + line);
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        fields.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
      }
    }

    /**
     * One line without its CRLF, at most {@link #MAX_LINE} bytes, decoded as ISO-8859-1. Not
     * {@link Pipe#readLine(long)}: HTTP/1.1 ends a line with CRLF, not a bare LF, and its field
     * bytes are ISO-8859-1, not UTF-8.
     */
    private String line() throws IOException {
      fill(p -> p.readUntil(CRLF, true, MAX_LINE, view) ? view : null);
      return view.toString(StandardCharsets.ISO_8859_1);
    }

    /** Copies the next {@code n} bytes into {@code dst[offset...]}, as they arrive. */
    private void readInto(byte[] dst, int offset, int n) throws IOException {
      int at = offset;
      int left = n;
      while (left > 0) {
        int want = left;
        try (ByteSequence part = fill(p -> p.readZeroCopy(want))) {
          if (part.length() == 0) {
            throw new EOFException(
                "the stream ended " + left + " bytes before the end of the body");
          }
          int k = (int) part.length();
          part.copyTo(ByteBuffer.wrap(dst, at, k));
          at += k;
          left -= k;
        }
      }
    }

    /** Everything up to the end of the stream. */
    private byte[] untilEof() throws IOException {
      // read everything first: the length is known only at the end
      for (int n = 0; channel != null && n >= 0; ) {
        n = pipe.readFrom(channel);
      }
      byte[] all = pipe.read();
      return all == null ? new byte[0] : all;
    }

    /** Retries {@code read}, reading the channel in between, until it returns a result. */
    private <T> T fill(PipeRead<T> read) throws IOException {
      while (true) {
        T result = read.read(pipe);
        if (result != null) {
          return result;
        }
        if (channel == null) {
          throw new IllegalStateException("the response is incomplete and there is no channel");
        }
        pipe.readFrom(channel); // at the end of the stream it signals EOF: the read then throws
      }
    }
  }

  private static String first(Map<String, List<String>> fields, String name) {
    List<String> values = fields.get(name);
    return values == null ? null : values.get(values.size() - 1);
  }
}
