package io.github.chunkedbuffer.pipe;

import java.io.EOFException;

/**
 * Thrown when EOF was signalled and a read that needs more bytes than are left cannot be satisfied.
 * It carries every byte that was left, so nothing is lost: reads consume them, peeks leave them in
 * the pipe. When the writer failed ({@link Pipe#eof(Throwable)}), the failure is the cause.
 */
public final class PartialReadException extends EOFException {
  private static final long serialVersionUID = 1L;

  /** The bytes left before EOF; owned by whoever catches the exception. */
  @SuppressWarnings("serial") // arrays of a primitive type are serializable
  private final byte[] leftover;

  /**
   * Creates the exception.
   *
   * @param message what was asked and how much was left
   * @param leftover the bytes left before EOF, not copied
   * @param cause the writer's failure, or {@code null} after a clean EOF
   */
  public PartialReadException(String message, byte[] leftover, Throwable cause) {
    super(message);
    this.leftover = leftover == null ? new byte[0] : leftover;
    if (cause != null) {
      initCause(cause);
    }
  }

  /**
   * Returns the bytes that were left before EOF.
   *
   * @return the bytes, possibly empty, never null; not a copy
   */
  @SuppressWarnings("MutablePublicArray") // handing over the bytes without a copy is the point
  public byte[] leftover() {
    return leftover;
  }
}
