package io.github.chunkedbuffer.tests.model;

import io.github.chunkedbuffer.pipe.LimitExceededException;
import io.github.chunkedbuffer.pipe.PartialReadException;
import java.io.IOException;
import java.util.Arrays;

/** What the model says a call must do: return a value or throw a particular exception. */
final class Outcome {

  enum Kind {
    VALUE,
    ILLEGAL_STATE,
    ILLEGAL_ARGUMENT,
    /** Either {@link IllegalArgumentException} or {@link IllegalStateException}: the SPEC does not rank them. */
    ILLEGAL_ARGUMENT_OR_STATE,
    INDEX_OUT_OF_BOUNDS,
    /** An {@link IOException} whose cause is {@link #cause}; a PartialReadException must be empty. */
    FAILED,
    PARTIAL,
    LIMIT,
    /** {@link java.nio.BufferUnderflowException}: a typed read with too few bytes buffered. */
    UNDERFLOW,
    NUMBER_FORMAT
  }

  final Kind kind;

  /** For VALUE: a byte[], a boxed number of the method's own type, Boolean, String, or null. */
  final Object value;

  final Throwable cause;

  final byte[] leftover;

  final long limit;

  private Outcome(Kind kind, Object value, Throwable cause, byte[] leftover, long limit) {
    this.kind = kind;
    this.value = value;
    this.cause = cause;
    this.leftover = leftover;
    this.limit = limit;
  }

  static Outcome value(Object value) {
    return new Outcome(Kind.VALUE, value, null, null, 0);
  }

  static Outcome of(Kind kind) {
    return new Outcome(kind, null, null, null, 0);
  }

  static Outcome failed(Throwable cause) {
    return new Outcome(Kind.FAILED, null, cause, null, 0);
  }

  static Outcome partial(byte[] leftover, Throwable cause) {
    return new Outcome(Kind.PARTIAL, null, cause, leftover, 0);
  }

  static Outcome limit(long limit) {
    return new Outcome(Kind.LIMIT, null, null, null, limit);
  }

  /** Returns null when {@code thrown} is what this outcome expects, else what is wrong. */
  String mismatch(Throwable thrown) {
    return switch (kind) {
      case ILLEGAL_STATE ->
          thrown instanceof IllegalStateException ? null : "expected IllegalStateException";
      case ILLEGAL_ARGUMENT ->
          thrown instanceof IllegalArgumentException ? null : "expected IllegalArgumentException";
      case ILLEGAL_ARGUMENT_OR_STATE ->
          thrown instanceof IllegalArgumentException || thrown instanceof IllegalStateException
              ? null
              : "expected IllegalArgumentException or IllegalStateException";
      case INDEX_OUT_OF_BOUNDS ->
          thrown instanceof IndexOutOfBoundsException
              ? null
              : "expected IndexOutOfBoundsException";
      case FAILED -> failedMismatch(thrown);
      case PARTIAL -> partialMismatch(thrown);
      case LIMIT ->
          !(thrown instanceof LimitExceededException e)
              ? "expected LimitExceededException(" + limit + ")"
              : e.limit() == limit ? null : "expected limit " + limit + ", got " + e.limit();
      case UNDERFLOW ->
          thrown instanceof java.nio.BufferUnderflowException
              ? null
              : "expected BufferUnderflowException";
      case NUMBER_FORMAT ->
          thrown instanceof NumberFormatException ? null : "expected NumberFormatException";
      case VALUE -> "expected " + describe();
    };
  }

  private String failedMismatch(Throwable thrown) {
    if (!(thrown instanceof IOException) || thrown instanceof LimitExceededException) {
      return "expected an IOException caused by " + cause;
    }
    if (thrown.getCause() != cause) {
      return "expected the cause " + cause + ", got " + thrown.getCause();
    }
    if (thrown instanceof PartialReadException p && p.leftover().length != 0) {
      return "expected nothing left over, got " + Bytes.show(p.leftover());
    }
    return null;
  }

  private String partialMismatch(Throwable thrown) {
    if (!(thrown instanceof PartialReadException p)) {
      return "expected PartialReadException with leftover " + Bytes.show(leftover);
    }
    if (!Arrays.equals(leftover, p.leftover())) {
      return "expected leftover " + Bytes.show(leftover) + ", got " + Bytes.show(p.leftover());
    }
    if (p.getCause() != cause) {
      return "expected the cause " + cause + ", got " + p.getCause();
    }
    return null;
  }

  String describe() {
    if (kind != Kind.VALUE) {
      return kind.toString();
    }
    if (value instanceof byte[] b) {
      return Bytes.show(b);
    }
    if (value instanceof String text) {
      return Op.quote(text);
    }
    return value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")";
  }
}
