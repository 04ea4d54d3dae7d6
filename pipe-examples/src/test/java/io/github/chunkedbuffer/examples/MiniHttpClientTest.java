package io.github.chunkedbuffer.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.chunkedbuffer.pipe.LimitExceededException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MiniHttpClient} against the JDK's {@code HttpServer} on 127.0.0.1 (fixed-length and
 * chunked bodies of 0 B to 8 MiB on one kept-alive connection, every byte checked), against a
 * hand-written loopback server for what the JDK server cannot send (trailers, chunk extensions),
 * and against canned bytes.
 */
class MiniHttpClientTest {

  private static HttpServer server;
  private static ExecutorService threads;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    threads = Executors.newFixedThreadPool(4);
    server.setExecutor(threads);
    server.createContext("/fixed/", exchange -> serve(exchange, false));
    server.createContext("/chunked/", exchange -> serve(exchange, true));
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    threads.shutdownNow();
  }

  private static byte expected(long i) {
    return (byte) ((i * 167 + (i >>> 11)) % 253);
  }

  private static byte[] expectedBody(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = expected(i);
    }
    return b;
  }

  /** /fixed/{n} or /chunked/{n}: n bytes, written in pieces of growing size. */
  private static void serve(HttpExchange exchange, boolean chunked) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int n = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
    exchange.getResponseHeaders().add("X-Body-Length", Integer.toString(n));
    exchange.sendResponseHeaders(200, chunked ? 0 : (n == 0 ? -1 : n));
    byte[] body = expectedBody(n);
    try (OutputStream out = exchange.getResponseBody()) {
      int step = 1;
      for (int at = 0; at < n; ) {
        int k = Math.min(step, n - at);
        out.write(body, at, k);
        at += k;
        step = step < 100_000 ? step * 2 + 1 : 1;
      }
    }
  }

  private static InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 2, 100, 4095, 4096, 65_537, 1 << 20, 8 << 20})
  void fixedLengthAndChunkedBodiesArriveByteForByteOnOneConnection(int n) throws IOException {
    try (MiniHttpClient client = MiniHttpClient.connect(address())) {
      for (String kind : List.of("fixed", "chunked", "fixed")) {
        MiniHttpClient.Response r = client.get("/" + kind + "/" + n);
        assertEquals(200, r.status());
        assertEquals("OK", r.reason());
        assertEquals(Integer.toString(n), r.header("x-body-length"));
        if (kind.equals("chunked")) {
          assertEquals("chunked", r.header("Transfer-Encoding"));
        } else if (n > 0) {
          assertEquals(Integer.toString(n), r.header("Content-Length"));
        }
        assertEquals(n, r.body().length);
        assertArrayEquals(expectedBody(n), r.body(), kind + " body of " + n + " bytes");
      }
    }
  }

  @Test
  void notFoundIsAResponseToo() throws IOException {
    try (MiniHttpClient client = MiniHttpClient.connect(address())) {
      MiniHttpClient.Response r = client.get("/nothing-here");
      assertEquals(404, r.status());
      assertTrue(r.body().length > 0);
    }
  }

  // ---------------------------------------------------------------- a hand-written server

  private static final String WITH_TRAILERS =
      "HTTP/1.1 200 OK\r\n"
          + "Content-Type: text/plain\r\n"
          + "Transfer-Encoding: chunked\r\n"
          + "Trailer: Checksum, X-Note\r\n"
          + "\r\n"
          + "5;name=value\r\n"
          + "hello\r\n"
          + "1;a;b=\"c d\"\r\n"
          + " \r\n"
          + "00000A\r\n"
          + "0123456789\r\n"
          + "0;last\r\n"
          + "Checksum: abc123\r\n"
          + "X-Note: one\r\n"
          + "x-note: two\r\n"
          + "\r\n";

  private static void checkTrailerResponse(MiniHttpClient.Response r) {
    assertEquals(200, r.status());
    assertEquals("hello 0123456789", new String(r.body(), StandardCharsets.US_ASCII));
    assertEquals(List.of("abc123"), r.trailers().get("checksum"));
    assertEquals(List.of("one", "two"), r.trailers().get("x-note"));
    assertEquals("text/plain", r.header("content-type"));
  }

  @Test
  void chunkedBodyWithExtensionsAndTrailersFromALoopbackServer() throws Exception {
    byte[] canned = WITH_TRAILERS.getBytes(StandardCharsets.US_ASCII);
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Future<?> served =
          threads.submit(
              () -> {
                try (SocketChannel peer = listener.accept()) {
                  ByteBuffer request = ByteBuffer.allocate(4096);
                  while (!new String(request.array(), 0, request.position(), StandardCharsets.US_ASCII)
                      .endsWith("\r\n\r\n")) {
                    if (peer.read(request) < 0) {
                      return null;
                    }
                  }
                  // two responses, the first a byte at a time, to cut every line everywhere
                  for (byte b : canned) {
                    peer.write(ByteBuffer.wrap(new byte[] {b}));
                  }
                  peer.write(ByteBuffer.wrap(canned));
                }
                return null;
              });
      try (MiniHttpClient client =
          MiniHttpClient.connect((InetSocketAddress) listener.getLocalAddress())) {
        checkTrailerResponse(client.get("/trailers"));
        checkTrailerResponse(client.get("/trailers"));
      }
      served.get(20, TimeUnit.SECONDS);
    }
  }

  // ---------------------------------------------------------------- canned bytes

  private static MiniHttpClient.Response parse(String wire) throws IOException {
    try (Pipe pipe = Pipe.builder().minChunkSize(7).maxChunkSize(7).build()) {
      pipe.write(wire.getBytes(StandardCharsets.ISO_8859_1));
      pipe.eof();
      return MiniHttpClient.readResponse(pipe, null);
    }
  }

  @Test
  void chunkedBodyWithTrailersFromAPipe() throws IOException {
    checkTrailerResponse(parse(WITH_TRAILERS));
  }

  @Test
  void bodyWithoutLengthRunsToTheEndOfTheStream() throws IOException {
    MiniHttpClient.Response r = parse("HTTP/1.0 200 OK\r\nServer: x\r\n\r\nall of it");
    assertEquals("all of it", new String(r.body(), StandardCharsets.US_ASCII));
  }

  @Test
  void noContentHasNoBody() throws IOException {
    MiniHttpClient.Response r = parse("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
    assertEquals(204, r.status());
    assertEquals(0, r.body().length);
  }

  @Test
  void brokenResponsesAreErrors() {
    assertThrows(ProtocolException.class, () -> parse("SMTP ready\r\n\r\n"));
    assertThrows(
        ProtocolException.class,
        () -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
    assertThrows(
        ProtocolException.class,
        () -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n"));
    assertThrows(ProtocolException.class, () -> parse("HTTP/1.1 200 OK\r\nno colon\r\n\r\n"));
    assertThrows(
        EOFException.class, () -> parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"));
    assertThrows(EOFException.class, () -> parse("HTTP/1.1 200 OK\r\nContent-Le"));
  }

  @Test
  void aHeaderLineLongerThanTheLimitIsRefused() {
    String longLine = "X-Big: " + "a".repeat(MiniHttpClient.MAX_LINE) + "\r\n";
    assertThrows(
        LimitExceededException.class, () -> parse("HTTP/1.1 200 OK\r\n" + longLine + "\r\n"));
  }
}
