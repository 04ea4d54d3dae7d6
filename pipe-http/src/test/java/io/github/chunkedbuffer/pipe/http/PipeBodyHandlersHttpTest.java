package io.github.chunkedbuffer.pipe.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.chunkedbuffer.pipe.BufferLimitExceededException;
import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ChunkPool;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PoolStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real exchanges: {@link HttpClient} against the JDK's {@code HttpServer} on 127.0.0.1, bodies of
 * 0 B to 8 MiB with a fixed length and chunked, every byte checked.
 */
class PipeBodyHandlersHttpTest {

  private static final long PAUSE = 64 * 1024;
  private static final int CHUNK = 16 * 1024;

  private static HttpServer server;
  private static ExecutorService serverThreads;
  private static HttpClient client;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serverThreads = Executors.newFixedThreadPool(4);
    server.setExecutor(serverThreads);
    server.createContext("/bytes", PipeBodyHandlersHttpTest::serveBytes);
    server.createContext("/cut", PipeBodyHandlersHttpTest::serveCut);
    server.start();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    serverThreads.shutdownNow();
  }

  /** The body byte at {@code i}: a sequence with a long period, so misplaced bytes are seen. */
  private static byte expected(long i) {
    return (byte) ((i * 131 + (i >>> 9)) % 251);
  }

  /** GET /bytes/{n}/{fixed|chunked}: n body bytes in writes of varying size. */
  private static void serveBytes(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath(); // /bytes/{n}/{mode}
    int slash = path.lastIndexOf('/');
    int n = Integer.parseInt(path.substring("/bytes/".length(), slash));
    boolean chunked = path.substring(slash + 1).equals("chunked");
    exchange.sendResponseHeaders(200, chunked ? 0 : (n == 0 ? -1 : n));
    try (OutputStream out = exchange.getResponseBody()) {
      byte[] buf = new byte[70_000];
      int sent = 0;
      int step = 1;
      while (sent < n) {
        int k = Math.min(Math.min(step, buf.length), n - sent);
        for (int i = 0; i < k; i++) {
          buf[i] = expected(sent + i);
        }
        out.write(buf, 0, k);
        sent += k;
        step = step * 3 + 1;
        if (step > buf.length) {
          step = 1;
        }
      }
    }
  }

  /** GET /cut/{n}: promises n bytes, sends half, then the connection is closed. */
  private static void serveCut(HttpExchange exchange) throws IOException {
    int n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/cut/".length()));
    exchange.sendResponseHeaders(200, n);
    OutputStream out = exchange.getResponseBody();
    byte[] half = new byte[n / 2];
    for (int i = 0; i < half.length; i++) {
      half[i] = expected(i);
    }
    out.write(half);
    out.flush();
    exchange.close(); // too few bytes: the server drops the connection
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** A pool that lends heap buffers and counts what is out. */
  private static final class TallyPool implements ChunkPool {
    final AtomicLong out = new AtomicLong();

    @Override
    public ByteBuffer acquire(int minCapacity) {
      out.incrementAndGet();
      return ByteBuffer.allocate(minCapacity);
    }

    @Override
    public void release(ByteBuffer buffer) {
      out.decrementAndGet();
    }

    @Override
    public String name() {
      return "tally";
    }

    @Override
    public PoolStats stats() {
      return new PoolStats(0, 0, out.get(), 0, 0, 0);
    }
  }

  @ParameterizedTest(name = "{0} bytes, {1}")
  @CsvSource({
    "0, fixed", "0, chunked", "1, fixed", "1, chunked", "1000, fixed", "1000, chunked",
    "65539, fixed", "65539, chunked", "1048576, fixed", "1048576, chunked",
    "8388608, fixed", "8388608, chunked"
  })
  void bodyStreamsIntoThePipeAndEveryByteArrives(int n, String mode) throws Exception {
    TallyPool pool = new TallyPool();
    HttpRequest request = HttpRequest.newBuilder(uri("/bytes/" + n + "/" + mode)).build();
    HttpResponse<Pipe> response =
        client.send(
            request,
            PipeBodyHandlers.ofPipe(
                () ->
                    Pipe.builder()
                        .pool(pool)
                        .maxChunkSize(CHUNK)
                        .minChunkSize(1024)
                        .concurrent(PAUSE, PAUSE / 4)
                        .build()));
    assertEquals(200, response.statusCode());
    long maxUnread = 0;
    try (Pipe body = response.body()) {
      long read = 0;
      while (true) {
        maxUnread = Math.max(maxUnread, body.length());
        // readZeroCopy: null while nothing is buffered, empty at EOF
        ByteSequence s = body.await(p -> p.readZeroCopy(7_777), 20, TimeUnit.SECONDS);
        assertNotNull(s, "neither bytes nor EOF within 20 s");
        try (ByteSequence part = s) {
          if (part.length() == 0) {
            break;
          }
          for (ByteBuffer segment : part) {
            while (segment.hasRemaining()) {
              byte b = segment.get();
              if (b != expected(read)) {
                throw new AssertionError("byte " + read + " differs");
              }
              read++;
            }
          }
        }
      }
      assertEquals(n, read);
    }
    assertTrue(maxUnread <= PAUSE + CHUNK, "unread bytes reached " + maxUnread);
    assertEquals(0, pool.out.get(), "buffers still lent by the pool");
  }

  @Test
  void bodyReadThroughAnInputStreamOfTheDefaultHandler() throws Exception {
    int n = 3 << 20;
    HttpResponse<Pipe> response =
        client.send(
            HttpRequest.newBuilder(uri("/bytes/" + n + "/chunked")).build(),
            PipeBodyHandlers.ofPipe());
    long read = 0;
    try (InputStream in = response.body().asInputStream()) {
      byte[] buf = new byte[10_000];
      for (int k; (k = in.read(buf)) != -1; ) {
        for (int i = 0; i < k; i++) {
          assertEquals(expected(read + i), buf[i]);
        }
        read += k;
      }
    }
    assertEquals(n, read);
  }

  @Test
  void aBodyLargerThanThePipesLimitReachesTheReaderAsTheLimitErrorAfterTheBytesThatFit()
      throws Exception {
    int limit = 64 * 1024;
    HttpResponse<Pipe> response =
        client.send(
            HttpRequest.newBuilder(uri("/bytes/" + (1 << 20) + "/fixed")).build(),
            PipeBodyHandlers.ofPipe(
                // pauseAtBytes == maxBufferedBytes: nothing holds the writer back before the limit
                () -> Pipe.builder().maxBufferedBytes(limit).concurrent(limit, limit / 4).build()));
    try (Pipe body = response.body()) {
      assertNotNull(
          body.await(p -> p.isClosed() ? Boolean.TRUE : null, 20, TimeUnit.SECONDS),
          "the body neither fitted nor ended the pipe within 20 s");
      byte[] fitted = body.readExact((int) body.length());
      assertEquals(limit, fitted.length);
      for (int i = 0; i < fitted.length; i++) {
        assertEquals(expected(i), fitted[i], "byte " + i);
      }
      IOException e = assertThrows(IOException.class, () -> body.readExact(1));
      BufferLimitExceededException cause =
          assertInstanceOf(BufferLimitExceededException.class, e.getCause(), e::toString);
      assertEquals(limit, cause.limit());
    }
  }

  /**
   * A server by hand on 127.0.0.1 for one exchange that then stalls, as a long poll or an event
   * stream does: it sends the headers and the first chunk of a chunked body, then nothing, and
   * completes {@link #sawClose} once the client has closed the connection.
   */
  private static final class StalledServer implements AutoCloseable {
    static final byte[] FIRST = "hello".getBytes(StandardCharsets.US_ASCII);

    final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    final CompletableFuture<Void> sawClose = new CompletableFuture<>();
    final Thread thread = new Thread(this::serve, "stalled-server");

    StalledServer() throws IOException {
      thread.setDaemon(true);
      thread.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/events");
    }

    private void serve() {
      try (Socket s = socket.accept()) {
        s.setSoTimeout(60_000); // bounded: the test fails long before
        InputStream in = s.getInputStream();
        int tail = 0; // matched bytes of CRLF CRLF
        while (tail < 4) {
          int b = in.read();
          if (b < 0) {
            throw new IOException("the request ended early");
          }
          tail = b == (tail % 2 == 0 ? '\r' : '\n') ? tail + 1 : (b == '\r' ? 1 : 0);
        }
        OutputStream out = s.getOutputStream();
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        // Stalled: the only way on is the client closing the connection.
        while (in.read() >= 0) {
          // a client sends nothing more on this exchange
        }
        sawClose.complete(null);
      } catch (SocketException reset) {
        sawClose.complete(null); // a reset is a close too
      } catch (IOException | RuntimeException e) {
        sawClose.completeExceptionally(e);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void closingThePipeCancelsAnExchangeWhoseServerHasStalled() throws Exception {
    try (StalledServer server = new StalledServer()) {
      HttpResponse<Pipe> response =
          client.send(HttpRequest.newBuilder(server.uri()).build(), PipeBodyHandlers.ofPipe());
      Pipe body = response.body();
      assertArrayEquals(
          StalledServer.FIRST,
          body.awaitReadExact(StalledServer.FIRST.length, 20, TimeUnit.SECONDS));
      assertFalse(server.sawClose.isDone());

      body.close(); // the server sends nothing more: only the close can end the exchange

      server.sawClose.get(20, TimeUnit.SECONDS); // a TimeoutException fails the test
    }
  }

  @Test
  void aConnectionCutMidBodyReachesTheReaderAsIoExceptionAfterTheBytesThatCame() throws Exception {
    int n = 1 << 20;
    HttpResponse<Pipe> response =
        client.send(HttpRequest.newBuilder(uri("/cut/" + n)).build(), PipeBodyHandlers.ofPipe());
    try (Pipe body = response.body()) {
      long[] read = {0};
      IOException e =
          assertThrows(
              IOException.class,
              () -> {
                while (true) {
                  byte[] part = body.awaitReadExact(1000, 20, TimeUnit.SECONDS);
                  if (part == null) {
                    throw new AssertionError("neither bytes nor a failure within 20 s");
                  }
                  for (byte b : part) {
                    assertEquals(expected(read[0]), b);
                    read[0]++;
                  }
                }
              });
      assertTrue(read[0] <= n / 2, "read " + read[0]);
      assertTrue(read[0] >= n / 2 - 1000, "the bytes before the cut arrive first: " + read[0]);
      Throwable cause = e.getCause();
      assertInstanceOf(IOException.class, cause, "the exchange's failure: " + e);
    }
  }
}
