package io.github.chunkedbuffer.examples;

/** The demo received something other than what the server sent; the message says what and where. */
final class VerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  VerificationException(String message) {
    super(message);
  }

  VerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
