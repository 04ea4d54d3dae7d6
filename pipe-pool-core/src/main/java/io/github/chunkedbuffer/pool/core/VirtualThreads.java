package io.github.chunkedbuffer.pool.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Tells virtual threads from platform threads on a Java 17 baseline. {@code Thread.isVirtual()}
 * exists from Java 19 (final in 21); it is looked up once, and where it is missing no thread is
 * virtual. The handle is a {@code static final} constant, so the JIT inlines the call to the plain
 * type test it is.
 */
final class VirtualThreads {

  /** {@code Thread.isVirtual()}, or null on a runtime without it. */
  private static final MethodHandle IS_VIRTUAL = find();

  private VirtualThreads() {}

  /** Returns whether {@code thread} is a virtual thread. */
  static boolean isVirtual(Thread thread) {
    MethodHandle isVirtual = IS_VIRTUAL;
    if (isVirtual == null) {
      return false;
    }
    try {
      return (boolean) isVirtual.invokeExact(thread);
    } catch (Throwable e) {
      // Thread.isVirtual() declares nothing and has no failure mode.
      throw new AssertionError("Thread.isVirtual() failed", e);
    }
  }

  private static MethodHandle find() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }
}
