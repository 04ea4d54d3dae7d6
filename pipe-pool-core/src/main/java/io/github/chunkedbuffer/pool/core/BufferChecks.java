package io.github.chunkedbuffer.pool.core;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The checks a pool makes before it takes a buffer back, in one place so that every pool words its
 * refusals alike. Each check throws before the pool changes anything.
 */
final class BufferChecks {

  private BufferChecks() {}

  /**
   * Checks that {@code minCapacity} is a capacity one may ask for.
   *
   * @throws IllegalArgumentException when {@code minCapacity < 1}
   */
  static void checkRequest(int minCapacity) {
    if (minCapacity < 1) {
      throw new IllegalArgumentException(
          "acquire(" + minCapacity + "): the capacity asked for must be at least 1");
    }
  }

  /**
   * Checks that {@code buffer} is of the kind a pool lends: writable, direct or heap as {@code
   * direct} says, and for heap buffers the whole of a backing array (not a slice or a view).
   *
   * @param poolName how the pool is called in the message, such as {@code "heap"}
   * @throws NullPointerException when {@code buffer} is null
   * @throws IllegalArgumentException when the buffer is not of that kind
   */
  static void checkKind(ByteBuffer buffer, boolean direct, String poolName) {
    Objects.requireNonNull(buffer, "buffer");
    if (buffer.isReadOnly()
        || buffer.isDirect() != direct
        || (!direct && (!buffer.hasArray() || buffer.arrayOffset() != 0
            || buffer.array().length != buffer.capacity()))) {
      throw wrongKind(buffer, direct, poolName);
    }
  }

  /**
   * Checks that a buffer's capacity is one that {@link SizeClasses} lends and returns its class.
   *
   * @return the class index, or {@link SizeClasses#COUNT} for an oversize buffer
   * @throws IllegalArgumentException when no acquisition can have produced that capacity
   */
  static int checkCapacity(ByteBuffer buffer, String poolName) {
    int index = SizeClasses.indexOfCapacity(buffer.capacity());
    if (index < 0) {
      throw new IllegalArgumentException(
          "release("
              + buffer
              + "): capacity "
              + buffer.capacity()
              + " cannot come from the "
              + poolName
              + " pool, which lends capacities that are "
              + SizeClasses.describe());
    }
    return index;
  }

  // Cold path kept out of checkKind so that the check itself stays small enough to inline.
  private static IllegalArgumentException wrongKind(
      ByteBuffer buffer, boolean direct, String poolName) {
    String wanted = direct ? "writable direct buffers" : "writable heap buffers";
    String problem;
    if (buffer.isReadOnly()) {
      problem = "it is read-only";
    } else if (buffer.isDirect() != direct) {
      problem = buffer.isDirect() ? "it is a direct buffer" : "it is a heap buffer";
    } else {
      problem = "it is a slice or view of a larger array, not a whole buffer";
    }
    return new IllegalArgumentException(
        "release(" + buffer + "): the " + poolName + " pool lends only " + wanted + ", but " + problem);
  }
}
