package io.github.chunkedbuffer.pipe.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A task on a thread of its own, for tests where one side of a concurrent pipe must be seen to
 * block. {@link #awaitParked()} waits until the thread is parked (the state a thread waiting on a
 * {@code Condition} shows), so tests need no sleeps to know a call is blocked.
 *
 * @param <T> what the task returns
 */
final class Worker<T> {
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final FutureTask<T> task;
  private final Thread thread;

  private Worker(Callable<T> body, boolean virtual) {
    this.task = new FutureTask<>(body);
    this.thread = virtual ? startVirtual(task) : new Thread(task, "pipe-test-worker");
    if (!virtual) {
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** Starts {@code body} on a new platform thread. */
  static <T> Worker<T> start(Callable<T> body) {
    return new Worker<>(body, false);
  }

  /** Starts {@code body} on a new virtual thread; the caller checks the JDK is 21 or newer. */
  static <T> Worker<T> startVirtual(Callable<T> body) {
    return new Worker<>(body, true);
  }

  /**
   * {@code Thread.startVirtualThread(Runnable)}, looked up at run time: the tests compile with
   * {@code --release 17}, which does not have it.
   */
  private static Thread startVirtual(Runnable body) {
    try {
      MethodHandle start =
          MethodHandles.publicLookup()
              .findStatic(
                  Thread.class,
                  "startVirtualThread",
                  MethodType.methodType(Thread.class, Runnable.class));
      return (Thread) start.invoke(body);
    } catch (Throwable t) {
      throw new AssertionError("cannot start a virtual thread on " + Runtime.version(), t);
    }
  }

  /** Whether {@code t} is a virtual thread; false before JDK 21. */
  static boolean isVirtual(Thread t) {
    try {
      return (boolean) Thread.class.getMethod("isVirtual").invoke(t);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  Thread thread() {
    return thread;
  }

  /** Waits until the worker is parked, failing if it finishes or takes too long to get there. */
  Worker<T> awaitParked() throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (true) {
      Thread.State state = thread.getState();
      if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
        return this;
      }
      if (task.isDone()) {
        fail("the worker finished instead of blocking: " + describeOutcome());
      }
      if (System.nanoTime() - deadline > 0) {
        fail("the worker did not block within 20 s; state " + state);
      }
      Thread.sleep(1);
    }
  }

  /** Asserts the worker has not finished (it still blocks). */
  void assertStillRunning() {
    assertFalse(task.isDone(), () -> "the worker finished: " + describeOutcome());
  }

  /** The task's result, waiting at most 20 s; its exception is rethrown as it was. */
  T get() throws Exception {
    try {
      return task.get(DEADLINE_NANOS, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    } catch (TimeoutException e) {
      thread.interrupt();
      throw new AssertionError("the worker did not finish within 20 s", e);
    }
  }

  /** The exception the task ended with; fails when it returned normally. */
  Throwable failure() throws InterruptedException {
    try {
      T result = task.get(DEADLINE_NANOS, TimeUnit.NANOSECONDS);
      return fail("expected the worker to throw, it returned " + result);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      thread.interrupt();
      throw new AssertionError("the worker did not finish within 20 s", e);
    }
  }

  /** Waits for the task to end, whatever its outcome; for cleanup. */
  void join() throws InterruptedException {
    thread.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NANOS));
    assertTrue(task.isDone(), "the worker did not end within 20 s");
  }

  private String describeOutcome() {
    try {
      return "returned " + task.get();
    } catch (ExecutionException e) {
      return "threw " + e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
