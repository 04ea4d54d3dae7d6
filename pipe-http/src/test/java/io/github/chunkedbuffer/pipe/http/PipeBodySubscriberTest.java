package io.github.chunkedbuffer.pipe.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.BufferLimitExceededException;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The subscriber against a hand-driven subscription: demand, backpressure, EOF, cancel. */
class PipeBodySubscriberTest {

  /** Counts what was requested and whether it was cancelled. */
  private static final class CountingSubscription implements Flow.Subscription {
    final AtomicLong requested = new AtomicLong();
    final AtomicBoolean cancelled = new AtomicBoolean();

    @Override
    public void request(long n) {
      requested.addAndGet(n);
    }

    @Override
    public void cancel() {
      cancelled.set(true);
    }
  }

  private static Pipe concurrent(long pause, long resume) {
    return Pipe.builder().minChunkSize(16).maxChunkSize(16).concurrent(pause, resume).build();
  }

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  private static void awaitRequested(CountingSubscription s, long n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (s.requested.get() < n) {
      assertTrue(System.nanoTime() < deadline, "demand stayed at " + s.requested.get());
      Thread.sleep(1);
    }
  }

  @Test
  void bodyIsThePipeAtOnceAndBytesFollowAsTheyArrive() throws Exception {
    try (Pipe pipe = concurrent(1 << 20, 0)) {
      BodySubscriber<Pipe> subscriber = PipeBodyHandlers.subscriber(pipe);
      assertSame(pipe, subscriber.getBody().toCompletableFuture().getNow(null));
      CountingSubscription s = new CountingSubscription();
      subscriber.onSubscribe(s);
      assertEquals(1, s.requested.get(), "one list at a time");
      subscriber.onNext(List.of(ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3})));
      assertEquals(2, s.requested.get(), "the next list once this one is in the pipe");
      assertArrayEquals(new byte[] {1, 2, 3}, pipe.readExact(3));
      subscriber.onNext(List.of(ByteBuffer.wrap(new byte[] {4})));
      subscriber.onComplete();
      assertArrayEquals(new byte[] {4}, pipe.awaitReadExact(1));
      assertTrue(pipe.reachedEof());
    }
  }

  @Test
  void aHeldPipeStopsDemandWithoutBlockingAndDrainingResumesIt() throws Exception {
    try (Pipe pipe = concurrent(100, 40)) {
      BodySubscriber<Pipe> subscriber = PipeBodyHandlers.subscriber(pipe);
      CountingSubscription s = new CountingSubscription();
      subscriber.onSubscribe(s);
      byte[] data = pattern(300);
      long start = System.nanoTime();
      subscriber.onNext(List.of(ByteBuffer.wrap(data)));
      assertTrue(
          System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "onNext blocked the client");
      assertEquals(1, s.requested.get(), "no demand while the pipe holds the writer back");
      long held = pipe.length();
      assertTrue(held > 100 && held <= 116, "unread " + held);

      byte[] got = new byte[300];
      byte[] first = pipe.readExact((int) held - 40); // down to resumeAtBytes
      System.arraycopy(first, 0, got, 0, first.length);
      int at = first.length;
      while (at < 300) {
        byte[] part = pipe.awaitReadExact(Math.min(10, 300 - at), 20, TimeUnit.SECONDS);
        System.arraycopy(part, 0, got, at, part.length);
        at += part.length;
      }
      awaitRequested(s, 2); // the rest of the list went in, then it asked for more
      assertArrayEquals(data, got);
      subscriber.onComplete();
      assertTrue(pipe.awaitReadExact(0).length == 0 && pipe.reachedEof());
    }
  }

  @Test
  void completionWhileBytesWaitOutsideThePipeComesAfterThem() throws Exception {
    try (Pipe pipe = concurrent(10, 0)) {
      BodySubscriber<Pipe> subscriber = PipeBodyHandlers.subscriber(pipe);
      subscriber.onSubscribe(new CountingSubscription());
      byte[] data = pattern(200);
      subscriber.onNext(List.of(ByteBuffer.wrap(data)));
      subscriber.onComplete(); // needs no demand, may come while the pipe is held
      assertTrue(pipe.length() < 200 && !pipe.reachedEof());
      assertArrayEquals(data, pipe.asInputStream().readAllBytes());
    }
  }

  @Test
  void onErrorReachesTheReaderAfterTheBytesBeforeIt() throws Exception {
    try (Pipe pipe = concurrent(1 << 20, 0)) {
      BodySubscriber<Pipe> subscriber = PipeBodyHandlers.subscriber(pipe);
      subscriber.onSubscribe(new CountingSubscription());
      subscriber.onNext(List.of(ByteBuffer.wrap(new byte[] {9, 8})));
      IOException cause = new IOException("connection reset");
      subscriber.onError(cause);
      assertArrayEquals(new byte[] {9, 8}, pipe.awaitReadExact(2));
      IOException e = assertThrows(IOException.class, () -> pipe.awaitReadExact(1));
      assertSame(cause, e.getCause());
    }
  }

  @Test
  void closingThePipeCancelsTheSubscriptionAtOnceWithoutWaitingForTheNextList() {
    Pipe pipe = concurrent(1 << 20, 0);
    BodySubscriber<Pipe> subscriber = PipeBodyHandlers.subscriber(pipe);
    CountingSubscription s = new CountingSubscription();
    subscriber.onSubscribe(s);
    subscriber.onNext(List.of(ByteBuffer.wrap(new byte[] {1, 2})));
    assertEquals(2, s.requested.get(), "waiting for a list the server may never send");
    pipe.close();
    assertTrue(s.cancelled.get(), "cancelled by the close itself, with no further signal");
    assertEquals(2, s.requested.get());
    subscriber.onNext(List.of(ByteBuffer.wrap(new byte[] {3}))); // in flight before the cancel
    subscriber.onComplete(); // nothing more to do, and no exception
    assertEquals(2, s.requested.get());
  }

  @Test
  void aPipeClosedBeforeTheExchangeSubscribesCancelsTheSubscriptionOnArrival() {
    Pipe pipe = concurrent(1 << 20, 0);
    BodySubscriber<Pipe> subscriber = PipeBodyHandlers.subscriber(pipe);
    pipe.close();
    CountingSubscription s = new CountingSubscription();
    subscriber.onSubscribe(s);
    assertTrue(s.cancelled.get());
    assertEquals(0, s.requested.get(), "nothing asked for a body nobody reads");
  }

  @Test
  void aBodyOverTheBufferLimitEndsThePipeWithTheLimitErrorAndCancelsTheExchange()
      throws Exception {
    // pauseAtBytes >= maxBufferedBytes: the pipe never holds the writer back before the limit.
    try (Pipe pipe =
        Pipe.builder().minChunkSize(16).maxChunkSize(16).maxBufferedBytes(64).concurrent(64, 0)
            .build()) {
      BodySubscriber<Pipe> subscriber = PipeBodyHandlers.subscriber(pipe);
      CountingSubscription s = new CountingSubscription();
      subscriber.onSubscribe(s);
      byte[] data = pattern(200);
      subscriber.onNext(List.of(ByteBuffer.wrap(data)));
      assertTrue(s.cancelled.get(), "the rest of the body is not wanted");
      assertEquals(1, s.requested.get());

      assertArrayEquals(Arrays.copyOf(data, 64), pipe.readExact(64), "what fit comes first");
      // Without the EOF this would wait for the full 20 s and return null: nothing more comes.
      IOException e =
          assertThrows(IOException.class, () -> pipe.awaitReadExact(1, 20, TimeUnit.SECONDS));
      BufferLimitExceededException limit =
          assertInstanceOf(BufferLimitExceededException.class, e.getCause(), e::toString);
      assertEquals(64, limit.limit());
      assertTrue(pipe.isClosed());

      subscriber.onComplete(); // the client may still end the flow: nothing more to do
      assertSame(limit, assertThrows(IOException.class, () -> pipe.readExact(1)).getCause());
    }
  }

  @Test
  void listsThatArriveAfterTheSubscriberGaveUpAreDroppedAtOnce() {
    Pipe pipe = concurrent(1 << 20, 0);
    PipeBodySubscriber subscriber = (PipeBodySubscriber) PipeBodyHandlers.subscriber(pipe);
    CountingSubscription s = new CountingSubscription();
    subscriber.onSubscribe(s);
    pipe.close();
    subscriber.onNext(List.of(ByteBuffer.wrap(new byte[] {1})));
    assertTrue(s.cancelled.get());
    // A publisher may go on signalling for a while after cancel (Flow rule 1.8): keep nothing.
    for (int i = 0; i < 100; i++) {
      subscriber.onNext(List.of(ByteBuffer.allocate(1 << 10), ByteBuffer.allocate(1 << 10)));
    }
    assertEquals(0, subscriber.buffersWaiting());
    assertEquals(1, s.requested.get(), "no demand after giving up");
  }

  @Test
  void aSecondSubscriptionIsCancelled() {
    try (Pipe pipe = concurrent(10, 0)) {
      BodySubscriber<Pipe> subscriber = PipeBodyHandlers.subscriber(pipe);
      CountingSubscription first = new CountingSubscription();
      CountingSubscription second = new CountingSubscription();
      subscriber.onSubscribe(first);
      subscriber.onSubscribe(second);
      assertTrue(second.cancelled.get());
      assertEquals(0, second.requested.get());
    }
  }

  @Test
  void aPipeThatIsNotConcurrentIsRefused() {
    try (Pipe pipe = Pipe.create()) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> PipeBodyHandlers.subscriber(pipe));
      assertTrue(e.getMessage().contains("concurrent"), e.getMessage());
    }
  }
}
