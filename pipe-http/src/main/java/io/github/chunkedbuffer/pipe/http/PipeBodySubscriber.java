package io.github.chunkedbuffer.pipe.http;

import io.github.chunkedbuffer.pipe.Pipe;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Feeds a concurrent pipe from the client's flow of buffers; see {@link PipeBodyHandlers} for the
 * behaviour and the reasons.
 *
 * <p><b>Threads.</b> The client calls {@code onSubscribe}, {@code onNext}, {@code onError} and
 * {@code onComplete} one at a time, but a retry after a pause runs on another thread and may
 * overlap {@code onError} or {@code onComplete} (which need no demand). Every method therefore
 * works under this object's monitor, which also makes this the pipe's single writer at any time.
 * Nothing under the monitor blocks: {@link Pipe#tryGetBuffer(int)} returns instead of waiting.
 *
 * <p><b>Close.</b> {@link #watch} registers {@link #readerClosed} with {@link Pipe#onClose}, so the
 * reader's {@code close()} cancels the subscription at once, on the reader's thread, even while
 * the server sends nothing (a long poll, an event stream). The pipe runs the action outside its
 * own lock, so taking this monitor there cannot deadlock with a delivery that holds the monitor
 * and calls the pipe.
 */
final class PipeBodySubscriber implements BodySubscriber<Pipe> {
  private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long LAST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(16);

  private final Pipe pipe;
  private final CompletableFuture<Pipe> body;

  /** The client's subscription; set once by {@code onSubscribe}. Guarded by {@code this}. */
  private Flow.Subscription subscription;

  /** Buffers received and not yet wholly in the pipe, in order. Guarded by {@code this}. */
  private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();

  /**
   * Whether the flow ended ({@code onComplete}, or {@code onError} with {@link #failure}); the
   * pipe gets its EOF once {@link #pending} is empty. Guarded by {@code this}.
   */
  private boolean ended;

  private Throwable failure;

  /**
   * Whether there is nothing more to do: EOF was given to the pipe, or the subscriber gave up (the
   * reader closed the pipe, or the pipe refused the bytes and got {@code eof(cause)}). Lists that
   * arrive afterwards are dropped. Guarded by {@code this}.
   */
  private boolean done;

  /** The delay before the next retry while the pipe holds the writer back. Guarded by this. */
  private long retryNanos = FIRST_RETRY_NANOS;

  /** Whether a retry is scheduled. Guarded by {@code this}. */
  private boolean retryScheduled;

  private PipeBodySubscriber(Pipe pipe) {
    this.pipe = pipe;
    this.body = CompletableFuture.completedFuture(pipe);
  }

  /** Returns a subscriber for {@code pipe} that the pipe's close cancels. */
  static PipeBodySubscriber watch(Pipe pipe) {
    PipeBodySubscriber subscriber = new PipeBodySubscriber(pipe);
    pipe.onClose(subscriber::readerClosed); // runs at once if the pipe is closed already
    return subscriber;
  }

  @Override
  public CompletionStage<Pipe> getBody() {
    return body;
  }

  @Override
  public synchronized void onSubscribe(Flow.Subscription subscription) {
    Objects.requireNonNull(subscription, "subscription");
    if (this.subscription != null) {
      subscription.cancel(); // the Flow rule for a second subscription
      return;
    }
    this.subscription = subscription;
    if (done) {
      subscription.cancel(); // the reader closed the pipe before the exchange subscribed
      return;
    }
    subscription.request(1);
  }

  @Override
  public synchronized void onNext(List<ByteBuffer> items) {
    Objects.requireNonNull(items, "items");
    if (done) {
      // Gave up (or ended) and cancelled: a publisher may still deliver what was in flight (Flow
      // rule 1.8 only promises that signals stop eventually). The buffers are ours to drop (the
      // client no longer uses them), and nobody will read them.
      return;
    }
    pending.addAll(items); // the client no longer uses them (BodySubscriber's contract)
    drain();
  }

  @Override
  public synchronized void onError(Throwable cause) {
    Objects.requireNonNull(cause, "cause");
    ended = true;
    failure = cause;
    drain();
  }

  @Override
  public synchronized void onComplete() {
    ended = true;
    drain();
  }

  /**
   * Moves pending bytes into the pipe while it takes them; then requests more, signals EOF, or
   * schedules a retry. Under the monitor.
   */
  private void drain() {
    if (done) {
      return;
    }
    try {
      while (!pending.isEmpty()) {
        ByteBuffer src = pending.peekFirst();
        if (!src.hasRemaining()) {
          pending.removeFirst();
          continue;
        }
        ByteBuffer room = pipe.tryGetBuffer(-1);
        if (room == null) {
          scheduleRetry();
          return;
        }
        int n = Math.min(room.remaining(), src.remaining());
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + n);
        room.put(part);
        src.position(src.position() + n);
        pipe.bufferWritten(n);
      }
    } catch (IllegalStateException refused) {
      if (pipe.isClosed()) {
        giveUp(); // the reader closed the pipe: nobody wants the rest of the body
      } else {
        // The pipe refused the bytes: a BufferLimitExceededException (the body is larger than the
        // pipe may hold), or any other refusal. The reader must hear of it after the bytes that
        // fit; stopping silently would leave it waiting for bytes that never come.
        fail(refused);
      }
      return;
    }
    retryNanos = FIRST_RETRY_NANOS;
    if (ended) {
      done = true;
      try {
        if (failure != null) {
          pipe.eof(failure);
        } else {
          pipe.eof();
        }
      } catch (IllegalStateException closed) {
        // closed by the reader meanwhile: nothing to tell it
      }
    } else if (subscription != null) {
      subscription.request(1);
    }
  }

  /** The reader closed the pipe: nobody wants the rest of the body. */
  private synchronized void readerClosed() {
    if (!done) {
      giveUp();
    }
  }

  /** Under the monitor: stops for good, dropping what waits and cancelling the exchange. */
  private void giveUp() {
    done = true;
    pending.clear();
    if (subscription != null && !ended) {
      subscription.cancel();
    }
  }

  /** Under the monitor: gives up, and ends the pipe with {@code cause} for the reader. */
  private void fail(RuntimeException cause) {
    giveUp();
    try {
      pipe.eof(cause);
    } catch (IllegalStateException closed) {
      // closed by the reader meanwhile: nothing to tell it
    }
  }

  private void scheduleRetry() {
    if (retryScheduled) {
      return;
    }
    retryScheduled = true;
    Executor later = CompletableFuture.delayedExecutor(retryNanos, TimeUnit.NANOSECONDS);
    retryNanos = Math.min(2 * retryNanos, LAST_RETRY_NANOS);
    later.execute(this::retry);
  }

  /** Returns how many received buffers wait outside the pipe; for tests. */
  synchronized int buffersWaiting() {
    return pending.size();
  }

  private synchronized void retry() {
    retryScheduled = false;
    drain();
  }
}
