package io.github.chunkedbuffer.pipe.http;

import io.github.chunkedbuffer.pipe.Pipe;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Response bodies of {@link java.net.http.HttpClient} as {@link Pipe}s that fill while the reader
 * reads.
 *
 * <pre>{@code
 * HttpResponse<Pipe> response = client.send(request, PipeBodyHandlers.ofPipe());
 * try (Pipe body = response.body()) {
 *   byte[] line = body.awaitReadUntil(new byte[] {'\n'}, true, 8192);
 *   ...
 * }
 * }</pre>
 *
 * <p>The body completes at once with the pipe, as soon as the headers are in; the bytes follow as
 * they arrive. The pipe must be {@linkplain Pipe#isConcurrent() concurrent}: the client's threads
 * write it while the caller reads it, typically with the {@code await} methods or {@link
 * Pipe#asInputStream()}. The end of the body is {@link Pipe#eof()}; a failure of the exchange is
 * {@link Pipe#eof(Throwable)}, so the reader sees an {@link java.io.IOException} with that cause
 * once it has read the bytes that came before. A body larger than the pipe may hold (its {@link
 * Pipe.Builder#maxBufferedBytes(long) maxBufferedBytes}, reached while the reader waits for more
 * or when {@code pauseAtBytes} is not below it) is such a failure: the exchange is cancelled and
 * the pipe ends with {@code eof(}the {@link io.github.chunkedbuffer.pipe.BufferLimitExceededException
 * BufferLimitExceededException}{@code )} after the bytes that fit. Closing the pipe early cancels
 * the exchange at once, on the closing thread (through {@link Pipe#onClose(Runnable)}), whether or
 * not the server is sending: a stalled long poll or event stream does not keep the connection
 * (the JDK's client closes an HTTP/1.1 connection whose body is cancelled).
 *
 * <p><b>Backpressure.</b> The subscriber asks the client for one list of buffers at a time, and for
 * the next only when the previous one is wholly in the pipe. It never blocks the client's thread:
 * it writes with {@link Pipe#tryGetBuffer(int)}, and when the pipe holds its writer back (more
 * than {@code pauseAtBytes} unread) it keeps the rest of the list, requests nothing, and tries
 * again after a short delay (1 ms, doubling up to 16 ms) on the common fork-join pool, until the
 * reader has brought the pipe down to {@code resumeAtBytes}. So at most one list of buffers (what
 * the client read from the socket in one go) waits outside the pipe, and the connection's flow
 * control (TCP, or HTTP/2 windows) holds the server back meanwhile. The delay is the price of not
 * blocking: a reader that drains the pipe waits at most that long for the writer to notice.
 */
public final class PipeBodyHandlers {

  /** {@code pauseAtBytes} of the pipes {@link #ofPipe()} creates: 1 MiB. */
  public static final long DEFAULT_PAUSE_AT_BYTES = 1 << 20;

  /** {@code resumeAtBytes} of the pipes {@link #ofPipe()} creates: 256 KiB. */
  public static final long DEFAULT_RESUME_AT_BYTES = 256 << 10;

  private PipeBodyHandlers() {}

  /**
   * A handler that streams every response body into a new concurrent pipe of the default pool,
   * with {@link #DEFAULT_PAUSE_AT_BYTES} and {@link #DEFAULT_RESUME_AT_BYTES}.
   *
   * @return the handler; the caller owns each pipe it hands out and closes it
   */
  public static BodyHandler<Pipe> ofPipe() {
    return ofPipe(
        () -> Pipe.builder().concurrent(DEFAULT_PAUSE_AT_BYTES, DEFAULT_RESUME_AT_BYTES).build());
  }

  /**
   * A handler that streams every response body into a pipe from {@code pipes}, called once per
   * response.
   *
   * @param pipes makes the pipe of each response; each must be concurrent
   * @return the handler; the caller owns each pipe it hands out and closes it
   * @throws NullPointerException when {@code pipes} is null
   * @throws IllegalArgumentException (from the handler) when a supplied pipe is not concurrent
   */
  public static BodyHandler<Pipe> ofPipe(Supplier<? extends Pipe> pipes) {
    Objects.requireNonNull(pipes, "pipes");
    return info -> subscriber(pipes.get());
  }

  /**
   * A subscriber that streams a body into {@code pipe} and whose body is {@code pipe}, complete at
   * once.
   *
   * @param pipe the concurrent pipe the body goes into; the caller owns it and closes it
   * @return the subscriber
   * @throws NullPointerException when {@code pipe} is null
   * @throws IllegalArgumentException when {@code pipe} is not concurrent
   */
  public static BodySubscriber<Pipe> subscriber(Pipe pipe) {
    Objects.requireNonNull(pipe, "pipe");
    if (!pipe.isConcurrent()) {
      throw new IllegalArgumentException(
          "the pipe must be concurrent, as the client writes it while the caller reads it;"
              + " build it with Pipe.builder().concurrent(pauseAtBytes, resumeAtBytes)");
    }
    return PipeBodySubscriber.watch(pipe);
  }
}
