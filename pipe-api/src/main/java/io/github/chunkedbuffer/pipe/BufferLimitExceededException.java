package io.github.chunkedbuffer.pipe;

/**
 * Thrown by the write side of a pipe built with {@link Pipe.Builder#maxBufferedBytes(long)} when a
 * write would hold more unread bytes than the limit allows; nothing of the write is committed.
 *
 * <p>It is unchecked because the write side declares no checked exception: a write into memory
 * cannot fail for any other reason. {@link Pipe#readFrom}, which reads a channel and so declares
 * {@link java.io.IOException}, reports a full pipe with the checked {@link LimitExceededException}
 * instead.
 */
public final class BufferLimitExceededException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The limit that would have been exceeded. */
  private final long limit;

  /**
   * Creates the exception for {@code limit}, with a message saying what went past it.
   *
   * @param message what would have gone past the limit, with the values
   * @param limit the limit, in bytes
   */
  public BufferLimitExceededException(String message, long limit) {
    super(message);
    this.limit = limit;
  }

  /**
   * Returns the limit that would have been exceeded.
   *
   * @return the limit, in bytes
   */
  public long limit() {
    return limit;
  }
}
