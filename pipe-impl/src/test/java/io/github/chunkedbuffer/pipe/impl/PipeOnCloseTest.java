package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Pipe#onClose(Runnable)}: once, in order, after the chunks are back, never missed. */
class PipeOnCloseTest extends PipeTestSupport {

  private Pipe pipe(boolean concurrent) {
    return concurrent
        ? track(Pipe.builder().pool(pool).minChunkSize(4).maxChunkSize(4).concurrent(64, 16).build())
        : pipe();
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void closeRunsEachActionOnceInOrderAfterTheChunksAreBack(boolean concurrent) {
    Pipe pipe = pipe(concurrent);
    write(pipe, "some bytes in several chunks");
    List<String> ran = new ArrayList<>();
    pipe.onClose(
        () -> {
          ran.add("first");
          assertTrue(pipe.isClosed());
          assertEquals(0, pool.outstanding(), "the chunks went back before the actions ran");
        });
    pipe.onClose(() -> ran.add("second"));
    pipe.close();
    pipe.close();
    assertEquals(List.of("first", "second"), ran);
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void eofDoesNotRunTheActionsOnlyCloseDoes(boolean concurrent) throws IOException {
    Pipe pipe = pipe(concurrent);
    AtomicInteger runs = new AtomicInteger();
    pipe.onClose(runs::incrementAndGet);
    write(pipe, "ab");
    pipe.eof(new IOException("the writer failed"));
    assertArrayEquals(bytes("ab"), pipe.readExact(2));
    assertEquals(0, runs.get(), "the end of the bytes is not the end of the pipe");
    pipe.close();
    assertEquals(1, runs.get());
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void anActionRegisteredOnAClosedPipeRunsAtOnceOnTheCallingThread(boolean concurrent) {
    Pipe pipe = pipe(concurrent);
    pipe.close();
    Thread[] ranOn = new Thread[1];
    pipe.onClose(() -> ranOn[0] = Thread.currentThread());
    assertSame(Thread.currentThread(), ranOn[0]);
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void aNullActionIsRefusedAndNothingIsRegistered(boolean concurrent) {
    Pipe pipe = pipe(concurrent);
    assertThrows(NullPointerException.class, () -> pipe.onClose(null));
    pipe.close(); // nothing registered: no NullPointerException from close
    assertTrue(pipe.isClosed());
  }

  @ParameterizedTest(name = "concurrent={0}")
  @ValueSource(booleans = {false, true})
  void throwingActionsDoNotStopTheOthersAndCloseThrowsTheFirstWithTheRestSuppressed(
      boolean concurrent) {
    Pipe pipe = pipe(concurrent);
    write(pipe, "abcdefgh");
    IllegalStateException first = new IllegalStateException("first action failed");
    IllegalArgumentException third = new IllegalArgumentException("third action failed");
    AtomicInteger ran = new AtomicInteger();
    pipe.onClose(
        () -> {
          ran.incrementAndGet();
          throw first;
        });
    pipe.onClose(ran::incrementAndGet);
    pipe.onClose(
        () -> {
          ran.incrementAndGet();
          throw third;
        });
    IllegalStateException thrown = assertThrows(IllegalStateException.class, pipe::close);
    assertSame(first, thrown);
    assertArrayEquals(new Throwable[] {third}, thrown.getSuppressed());
    assertEquals(3, ran.get());
    assertTrue(pipe.isClosed());
    assertEquals(0, pool.outstanding(), "closed all the same");
    pipe.close(); // idempotent: the actions do not run again
    assertEquals(3, ran.get());
  }

  @Test
  void aConcurrentPipeRunsTheActionsWithoutItsLockSoTheOtherSideIsNotBlocked() throws Exception {
    Pipe pipe = pipe(true);
    CountDownLatch otherSideGotIn = new CountDownLatch(1);
    pipe.onClose(
        () -> {
          // The other thread takes the pipe's lock; if the action ran under it, this would wait
          // for ever.
          Thread other =
              new Thread(
                  () -> {
                    pipe.isClosed();
                    otherSideGotIn.countDown();
                  });
          other.start();
          try {
            assertTrue(otherSideGotIn.await(20, TimeUnit.SECONDS), "the pipe's lock was held");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    pipe.close();
    assertEquals(0, otherSideGotIn.getCount());
  }

  @Test
  void aRegistrationRacingWithACloseOnTheOtherThreadRunsExactlyOnce() throws Exception {
    for (int round = 0; round < 500; round++) {
      Pipe pipe = pipe(true);
      AtomicInteger runs = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      Worker<Void> closer =
          Worker.start(
              () -> {
                go.await();
                pipe.close();
                return null;
              });
      go.countDown();
      pipe.onClose(runs::incrementAndGet);
      closer.get();
      assertEquals(1, runs.get(), "round " + round);
    }
  }
}
