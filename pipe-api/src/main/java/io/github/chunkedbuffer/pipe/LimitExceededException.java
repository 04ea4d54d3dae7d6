package io.github.chunkedbuffer.pipe;

import java.io.IOException;

/**
 * Thrown when input breaks a limit set by the caller, for example when no separator ends within the
 * {@code limit} given to {@link Pipe#readUntil(byte[], boolean, long)}. The pipe keeps every byte.
 */
public final class LimitExceededException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The limit that was exceeded. */
  private final long limit;

  /**
   * Creates the exception for {@code limit}, with a message saying what went past it.
   *
   * @param message what went past the limit, with the values
   * @param limit the limit, in bytes
   */
  public LimitExceededException(String message, long limit) {
    super(message);
    this.limit = limit;
  }

  /**
   * Returns the limit that was exceeded.
   *
   * @return the limit, in bytes
   */
  public long limit() {
    return limit;
  }
}
