package io.github.chunkedbuffer.tests.model;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One run of a case: the pipe under test, the model beside it, and what both have lent out. */
final class World {

  /** A call on the pipe that may throw anything. */
  interface Call {
    Object call() throws Exception;
  }

  /** A zero-copy sequence still open, with the bytes it must keep showing. */
  static final class Held {
    private final ByteSequence sequence;
    private final byte[] expected;

    Held(ByteSequence sequence, byte[] expected) {
      this.sequence = sequence;
      this.expected = expected;
    }

    ByteSequence sequence() {
      return sequence;
    }

    byte[] expected() {
      return expected;
    }
  }

  final Pipe pipe;
  final int maxChunkSize;
  final ReferenceModel model = new ReferenceModel();
  final List<Held> held = new ArrayList<>();

  /** The buffer the last getBuffer lent, while it may still be committed; else null. */
  ByteBuffer lent;

  /** Its remaining() when lent. */
  int lentRoom;

  private int causes;

  /** Whether the pipe is concurrent: then the writer's calls leave borrowed views valid. */
  final boolean concurrent;

  World(Pipe pipe, int maxChunkSize, boolean concurrent) {
    this.pipe = pipe;
    this.maxChunkSize = maxChunkSize;
    this.concurrent = concurrent;
  }

  Throwable newCause() {
    return new java.io.IOException("cause #" + ++causes);
  }

  /** Whether write-side calls must fail with IllegalStateException. */
  boolean writeClosed() {
    return model.closed || model.eof;
  }

  /**
   * Runs {@code call} and checks it against {@code expected}; returns what it returned. A zero-copy
   * result that matches is kept open in {@link #held}.
   */
  Object check(String what, Outcome expected, Call call) {
    Object actual;
    try {
      actual = call.call();
    } catch (Throwable thrown) {
      String wrong = expected.mismatch(thrown);
      if (wrong != null) {
        throw new AssertionError(what + ": " + wrong + ", but it threw " + thrown, thrown);
      }
      return null;
    }
    if (expected.kind != Outcome.Kind.VALUE) {
      if (actual instanceof ByteSequence s) {
        s.close();
      }
      throw new AssertionError(
          what + ": expected " + expected.describe() + ", but it returned " + show(actual));
    }
    Object got = actual;
    if (actual instanceof ByteSequence s) {
      got = contentOf(what, s);
      if (!Arrays.equals((byte[]) expected.value, (byte[]) got)) {
        s.close();
      } else {
        held.add(new Held(s, (byte[]) got));
      }
    }
    boolean same =
        expected.value instanceof byte[] e
            ? got instanceof byte[] g && Arrays.equals(e, g)
            : java.util.Objects.equals(expected.value, got);
    if (!same) {
      throw new AssertionError(
          what + ": expected " + expected.describe() + ", but it returned " + show(got));
    }
    return actual;
  }

  /** The bytes of {@code s}, checked to agree across its accessors. */
  private static byte[] contentOf(String what, ByteSequence s) {
    byte[] bytes = s.toByteArray();
    if (s.length() != bytes.length) {
      throw new AssertionError(what + ": length() " + s.length() + " but " + bytes.length + " bytes");
    }
    ByteBuffer joined = ByteBuffer.allocate(bytes.length);
    int segments = 0;
    for (ByteBuffer segment : s) {
      if (!segment.isReadOnly() || !segment.hasRemaining()) {
        throw new AssertionError(what + ": segment " + segments + " is " + segment);
      }
      joined.put(segment);
      segments++;
    }
    if (segments != s.segmentCount() || joined.hasRemaining()) {
      throw new AssertionError(what + ": segments do not add up: " + segments + "/" + s.segmentCount());
    }
    if (!Arrays.equals(bytes, joined.array())) {
      throw new AssertionError(what + ": segments " + Bytes.show(joined.array())
          + " differ from toByteArray " + Bytes.show(bytes));
    }
    return bytes;
  }

  private static String show(Object value) {
    if (value instanceof byte[] b) {
      return Bytes.show(b);
    }
    if (value instanceof String text) {
      return Op.quote(text);
    }
    return value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")";
  }

  /** Checks what must hold between any two operations. */
  void checkInvariants() {
    for (int i = 0; i < held.size(); i++) {
      Held h = held.get(i);
      if (!h.sequence().contentEquals(h.expected())) {
        throw new AssertionError(
            "open sequence #" + i + " changed: expected " + Bytes.show(h.expected()) + ", now "
                + Bytes.show(h.sequence().toByteArray()));
      }
    }
    if (!model.closed) {
      if (pipe.length() != model.length()) {
        throw new AssertionError(
            "length() is " + pipe.length() + ", the model holds " + model.length());
      }
      if (pipe.isClosed() != model.eof) {
        throw new AssertionError("isClosed() is " + pipe.isClosed() + " but eof=" + model.eof);
      }
    } else if (!pipe.isClosed()) {
      throw new AssertionError("isClosed() is false after close()");
    }
  }

  /** Checks the unread bytes, then lets go of everything. */
  void finish(boolean check) {
    try {
      if (check && !model.closed) {
        byte[] unread = new byte[(int) pipe.length()];
        for (int i = 0; i < unread.length; i++) {
          unread[i] = pipe.byteAt(i);
        }
        if (!Arrays.equals(model.all(), unread)) {
          throw new AssertionError(
              "unread bytes " + Bytes.show(unread) + ", the model holds " + Bytes.show(model.all()));
        }
      }
    } finally {
      for (Held h : held) {
        h.sequence().close();
      }
      held.clear();
      pipe.close();
    }
  }
}
