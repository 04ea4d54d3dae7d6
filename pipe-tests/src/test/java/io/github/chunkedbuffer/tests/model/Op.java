package io.github.chunkedbuffer.tests.model;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.Pipe;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * One step of a case: a call on the pipe (or on a sequence it lent) with the model's expectation.
 * Implementations are small immutable records whose {@code toString} reads like the call, so a
 * shrunk failing case reads like a test.
 */
interface Op {

  void run(World w);

  /** How {@link Take} reads. */
  enum Mode {
    READ("read", true, false),
    PEEK("peek", false, false),
    READ_EXACT("readExact", true, true),
    PEEK_EXACT("peekExact", false, true);

    final String method;
    final boolean consumes;
    final boolean exact;

    Mode(String method, boolean consumes, boolean exact) {
      this.method = method;
      this.consumes = consumes;
      this.exact = exact;
    }
  }

  /** How {@link Write} copies in. */
  enum Source {
    ARRAY,
    ARRAY_RANGE,
    HEAP_BUFFER,
    DIRECT_BUFFER
  }

  /** Does nothing; shrinking turns steps that do not matter into this, and reports omit it. */
  record Nop() implements Op {
    @Override
    public void run(World w) {}

    @Override
    public String toString() {
      return "nop";
    }
  }

  // ------------------------------------------------------------------ write side

  /** Copies {@code data} in through one of the write methods. */
  record Write(String data, Source source) implements Op {
    @Override
    public void run(World w) {
      byte[] b = Bytes.of(data);
      Outcome expected = w.writeClosed() ? Outcome.of(Outcome.Kind.ILLEGAL_STATE) : Outcome.value(null);
      w.check(
          toString(),
          expected,
          () -> {
            switch (source) {
              case ARRAY -> w.pipe.write(b);
              case ARRAY_RANGE -> {
                byte[] padded = new byte[b.length + 5];
                System.arraycopy(b, 0, padded, 2, b.length);
                padded[0] = 9;
                padded[b.length + 2] = 9;
                w.pipe.write(padded, 2, b.length);
              }
              case HEAP_BUFFER -> {
                ByteBuffer src = ByteBuffer.allocate(b.length + 3).position(1);
                src.put(b).flip().position(1);
                w.pipe.write(src);
                check(!src.hasRemaining(), "write(ByteBuffer) left the source unread");
              }
              case DIRECT_BUFFER -> {
                ByteBuffer src = ByteBuffer.allocateDirect(b.length);
                src.put(b).flip();
                w.pipe.write(src);
                check(!src.hasRemaining(), "write(ByteBuffer) left the source unread");
              }
            }
            return null;
          });
      if (!w.writeClosed()) {
        w.model.append(b, 0, b.length);
      }
      w.lent = null;
    }

    @Override
    public String toString() {
      return "write(" + source.toString().toLowerCase(java.util.Locale.ROOT) + ", \"" + data + "\")";
    }
  }

  /** Writes a long deterministic run, to cross large chunks too. */
  record BigWrite(int length, int seed) implements Op {
    @Override
    public void run(World w) {
      byte[] b = Bytes.run(length, seed);
      Outcome expected = w.writeClosed() ? Outcome.of(Outcome.Kind.ILLEGAL_STATE) : Outcome.value(null);
      w.check(toString(), expected, () -> {
        w.pipe.write(b);
        return null;
      });
      if (!w.writeClosed()) {
        w.model.append(b, 0, b.length);
      }
      w.lent = null;
    }

    @Override
    public String toString() {
      return "write(" + length + " bytes, seed " + seed + ")";
    }
  }

  /** Borrows a buffer; {@code aboveMax} adds the pipe's maxChunkSize to the hint. */
  record GetBuffer(int hint, boolean aboveMax) implements Op {
    @Override
    public void run(World w) {
      int h = aboveMax ? hint + w.maxChunkSize : hint;
      // A bad hint on a closed write side: the SPEC does not rank the two exceptions (the
      // concurrent pipe checks the hint first, the plain one the state).
      Outcome.Kind closed =
          h < -1 ? Outcome.Kind.ILLEGAL_ARGUMENT_OR_STATE : Outcome.Kind.ILLEGAL_STATE;
      Outcome expected =
          w.writeClosed()
              ? Outcome.of(closed)
              : h < -1 ? Outcome.of(Outcome.Kind.ILLEGAL_ARGUMENT) : Outcome.value(null);
      ByteBuffer[] got = new ByteBuffer[1];
      w.check(toString(), expected, () -> {
        got[0] = w.pipe.getBuffer(h);
        return null;
      });
      if (expected.kind == Outcome.Kind.VALUE) {
        ByteBuffer b = got[0];
        int room = b.remaining();
        check(room >= Math.max(h, 1), "getBuffer(" + h + ") lent only " + room + " bytes");
        check(room <= Math.max(h, w.maxChunkSize),
            "getBuffer(" + h + ") lent " + room + " bytes, more than max(hint, maxChunkSize "
                + w.maxChunkSize + ")");
        check(!b.isReadOnly(), "getBuffer lent a read-only buffer");
        w.lent = b;
        w.lentRoom = room;
      } else if (!w.model.closed && !w.model.eof) {
        // a rejected hint leaves an earlier loan as it was
      } else {
        w.lent = null;
      }
    }

    @Override
    public String toString() {
      return aboveMax ? "getBuffer(maxChunkSize + " + hint + ")" : "getBuffer(" + hint + ")";
    }
  }

  /** Fills the lent buffer with as much of {@code data} as fits and commits that. */
  record Commit(String data) implements Op {
    @Override
    public void run(World w) {
      byte[] b = Bytes.of(data);
      if (w.writeClosed() || w.lent == null) {
        w.check(toString(), Outcome.of(Outcome.Kind.ILLEGAL_STATE), () -> {
          w.pipe.bufferWritten(Math.min(b.length, 1));
          return null;
        });
        return;
      }
      int k = Math.min(b.length, w.lentRoom);
      ByteBuffer lent = w.lent;
      lent.put(b, 0, k);
      w.check(toString() + " (" + k + " bytes)", Outcome.value(null), () -> {
        w.pipe.bufferWritten(k);
        return null;
      });
      w.model.append(b, 0, k);
      w.lent = null;
    }

    @Override
    public String toString() {
      return "putAndCommit(\"" + data + "\")";
    }
  }

  /** Commits a count outside what was lent: {@code delta < 0} is negative, else lent + delta. */
  record BadCommit(int delta) implements Op {
    @Override
    public void run(World w) {
      if (w.writeClosed() || w.lent == null) {
        int n = delta;
        Outcome expected =
            delta < 0
                ? Outcome.of(Outcome.Kind.ILLEGAL_ARGUMENT_OR_STATE)
                : Outcome.of(Outcome.Kind.ILLEGAL_STATE);
        w.check(toString(), expected, () -> {
          w.pipe.bufferWritten(n);
          return null;
        });
        return;
      }
      int n = delta < 0 ? delta : w.lentRoom + delta;
      w.check(toString() + " (n=" + n + ")", Outcome.of(Outcome.Kind.ILLEGAL_ARGUMENT), () -> {
        w.pipe.bufferWritten(n);
        return null;
      });
    }

    @Override
    public String toString() {
      return delta < 0 ? "bufferWritten(" + delta + ")" : "bufferWritten(lent + " + delta + ")";
    }
  }

  /** One readFrom of a channel holding {@code data}, or at end of stream. */
  record ReadFrom(String data, boolean endOfStream) implements Op {
    @Override
    public void run(World w) {
      byte[] b = Bytes.of(data);
      int[] put = new int[1];
      ReadableByteChannel channel =
          new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) {
              if (endOfStream) {
                return -1;
              }
              int k = Math.min(b.length, dst.remaining());
              dst.put(b, 0, k);
              put[0] = k;
              return k;
            }

            @Override
            public boolean isOpen() {
              return true;
            }

            @Override
            public void close() {}
          };
      Outcome expected;
      if (w.writeClosed()) {
        expected = Outcome.of(Outcome.Kind.ILLEGAL_STATE);
      } else {
        expected = Outcome.value(-1);
      }
      Object got;
      try {
        got = w.pipe.readFrom(channel);
      } catch (Exception e) {
        w.check(toString(), expected, () -> {
          throw e;
        });
        return;
      }
      check(expected.kind == Outcome.Kind.VALUE, toString() + ": expected " + expected.describe()
          + ", but it returned " + got);
      int n = (Integer) got;
      check(n == (endOfStream ? -1 : put[0]),
          toString() + " returned " + n + " but the channel gave " + put[0]);
      if (endOfStream) {
        w.model.eof = true;
      } else {
        w.model.append(b, 0, n);
      }
      w.lent = null;
    }

    @Override
    public String toString() {
      return endOfStream ? "readFrom(end of stream)" : "readFrom(\"" + data + "\")";
    }
  }

  /** eof() or eof(cause). */
  record Eof(boolean withCause) implements Op {
    @Override
    public void run(World w) {
      Throwable cause = withCause ? w.newCause() : null;
      Outcome expected = w.model.closed ? Outcome.of(Outcome.Kind.ILLEGAL_STATE) : Outcome.value(null);
      w.check(toString(), expected, () -> {
        if (withCause) {
          w.pipe.eof(cause);
        } else {
          w.pipe.eof();
        }
        return null;
      });
      if (!w.model.closed && !w.model.eof) {
        w.model.eof = true;
        w.model.cause = cause;
      }
      w.lent = null;
    }

    @Override
    public String toString() {
      return withCause ? "eof(cause)" : "eof()";
    }
  }

  record ClosePipe() implements Op {
    @Override
    public void run(World w) {
      w.pipe.close();
      w.model.closed = true;
      w.lent = null;
    }

    @Override
    public String toString() {
      return "close()";
    }
  }

  // ------------------------------------------------------------------ read side

  /** read / peek / readExact / peekExact, copying or zero-copy. */
  record Take(Mode mode, int n, boolean zeroCopy, boolean noArg) implements Op {
    @Override
    public void run(World w) {
      ReferenceModel m = w.model;
      boolean useNoArg = noArg && !zeroCopy && !mode.exact;
      int count = useNoArg ? -1 : n;
      Outcome expected;
      int consume = 0;
      int len = m.length();
      if (m.closed) {
        expected = Outcome.of(Outcome.Kind.ILLEGAL_STATE);
      } else if (mode.exact ? count < 0 : count < -1) {
        expected = Outcome.of(Outcome.Kind.ILLEGAL_ARGUMENT);
      } else if (count == 0) {
        expected = Outcome.value(new byte[0]);
      } else if (!mode.exact) {
        if (len == 0) {
          expected = !m.eof ? Outcome.value(null)
              : m.cause != null ? Outcome.failed(m.cause) : Outcome.value(new byte[0]);
        } else {
          int k = count == -1 ? len : Math.min(count, len);
          expected = Outcome.value(m.front(k));
          consume = k;
        }
      } else if (len >= count) {
        expected = Outcome.value(m.front(count));
        consume = count;
      } else if (!m.eof) {
        expected = Outcome.value(null);
      } else if (len == 0 && m.cause != null) {
        expected = Outcome.failed(m.cause);
      } else {
        expected = Outcome.partial(m.all(), m.cause);
        consume = len;
      }
      Pipe p = w.pipe;
      w.check(toString(), expected, () -> {
        if (useNoArg) {
          return mode == Mode.READ ? p.read() : p.peek();
        }
        return switch (mode) {
          case READ -> zeroCopy ? p.readZeroCopy(count) : p.read(count);
          case PEEK -> zeroCopy ? p.peekZeroCopy(count) : p.peek(count);
          case READ_EXACT -> zeroCopy ? p.readExactZeroCopy(count) : p.readExact(count);
          case PEEK_EXACT -> zeroCopy ? p.peekExactZeroCopy(count) : p.peekExact(count);
        };
      });
      if (mode.consumes) {
        m.consume(consume);
      }
    }

    @Override
    public String toString() {
      if (noArg && !zeroCopy && !mode.exact) {
        return mode.method + "()";
      }
      return mode.method + (zeroCopy ? "ZeroCopy(" : "(") + n + ")";
    }
  }

  /** readUntil in all its forms; {@code limit == -1} means the form without a limit. */
  record Until(String separator, boolean skip, long limit, boolean zeroCopy) implements Op {
    @Override
    public void run(World w) {
      ReferenceModel m = w.model;
      byte[] sep = Bytes.of(separator);
      boolean limited = limit != -1;
      double bound = limited ? limit : Double.POSITIVE_INFINITY;
      Outcome expected;
      int consume = 0;
      int len = m.length();
      if (m.closed) {
        expected = Outcome.of(Outcome.Kind.ILLEGAL_STATE);
      } else if (sep.length == 0 || (limited && limit < 1)) {
        expected = Outcome.of(Outcome.Kind.ILLEGAL_ARGUMENT);
      } else {
        long at = m.find(sep, 0, len);
        if (at >= 0 && at + sep.length <= bound) {
          expected = Outcome.value(m.front((int) (skip ? at : at + sep.length)));
          consume = (int) at + sep.length;
        } else if (at >= 0 || len >= bound) {
          expected = Outcome.limit(limit);
        } else if (!m.eof) {
          expected = Outcome.value(null);
        } else if (len == 0 && m.cause != null) {
          expected = Outcome.failed(m.cause);
        } else {
          expected = Outcome.partial(m.all(), m.cause);
          consume = len;
        }
      }
      Pipe p = w.pipe;
      w.check(toString(), expected, () -> {
        if (zeroCopy) {
          return limited
              ? p.readUntilZeroCopy(sep, skip, limit)
              : p.readUntilZeroCopy(sep, skip);
        }
        if (limited) {
          return p.readUntil(sep, skip, limit);
        }
        return skip ? p.readUntil(sep, true) : p.readUntil(sep);
      });
      m.consume(consume);
    }

    @Override
    public String toString() {
      return "readUntil" + (zeroCopy ? "ZeroCopy" : "") + "(\"" + separator + "\""
          + (skip ? ", skip" : "") + (limit != -1 ? ", limit " + limit : "") + ")";
    }
  }

  /** skip(n), skip(), or skipExact(n). */
  record Skip(long n, boolean exact) implements Op {
    @Override
    public void run(World w) {
      ReferenceModel m = w.model;
      int len = m.length();
      Outcome expected;
      int consume = 0;
      if (m.closed) {
        expected = Outcome.of(Outcome.Kind.ILLEGAL_STATE);
      } else if (exact ? n < 0 : n < -1) {
        expected = Outcome.of(Outcome.Kind.ILLEGAL_ARGUMENT);
      } else if (n == 0) {
        expected = exact ? Outcome.value(true) : Outcome.value(0L);
      } else if (!exact) {
        if (len == 0 && m.eof && m.cause != null) {
          expected = Outcome.failed(m.cause);
        } else {
          consume = (int) (n == -1 ? len : Math.min(n, len));
          expected = Outcome.value((long) consume);
        }
      } else if (len >= n) {
        consume = (int) n;
        expected = Outcome.value(true);
      } else if (!m.eof) {
        expected = Outcome.value(false);
      } else if (len == 0 && m.cause != null) {
        expected = Outcome.failed(m.cause);
      } else {
        expected = Outcome.partial(m.all(), m.cause);
        consume = len;
      }
      Pipe p = w.pipe;
      w.check(toString(), expected, () -> {
        if (exact) {
          return p.skipExact(n);
        }
        return n == -1 ? p.skip() : p.skip(n);
      });
      m.consume(consume);
    }

    @Override
    public String toString() {
      return exact ? "skipExact(" + n + ")" : n == -1 ? "skip()" : "skip(" + n + ")";
    }
  }

  /** findByte or find; {@code whole} uses the forms without a window. */
  record Find(String pattern, long start, long end, boolean whole, boolean asByte) implements Op {
    @Override
    public void run(World w) {
      ReferenceModel m = w.model;
      byte[] s = Bytes.of(pattern);
      boolean single = s.length == 1 && asByte;
      int len = m.length();
      long from = whole ? 0 : start;
      long to = whole ? len : end;
      Outcome expected;
      Outcome alternative = null;
      if (m.closed) {
        expected = Outcome.of(Outcome.Kind.ILLEGAL_STATE);
      } else if (from < 0) {
        expected = Outcome.of(Outcome.Kind.ILLEGAL_ARGUMENT);
      } else if (s.length == 0) {
        expected = Outcome.value(from <= len ? from : -1L);
        if (to <= from) {
          // the SPEC does not say whether "end <= start" or "empty s matches at start" wins
          alternative = Outcome.value(-1L);
        }
      } else if (to <= from) {
        expected = Outcome.value(-1L);
      } else {
        expected = Outcome.value(m.find(s, from, to));
      }
      Pipe p = w.pipe;
      World.Call call;
      if (single) {
        call = () -> whole ? p.findByte(s[0]) : p.findByte(s[0], start, end);
      } else {
        call = () -> whole ? p.find(s) : p.find(s, start, end);
      }
      if (alternative != null) {
        Object got;
        try {
          got = call.call();
        } catch (Exception e) {
          throw new AssertionError(toString() + " threw " + e, e);
        }
        check(got.equals(expected.value) || got.equals(alternative.value),
            toString() + " returned " + got);
        return;
      }
      w.check(toString(), expected, call);
    }

    @Override
    public String toString() {
      String what = pattern.length() == 1 && asByte ? "findByte(" + pattern : "find(\"" + pattern + "\"";
      return whole ? what + ")" : what + ", " + start + ", " + end + ")";
    }
  }

  record ByteAt(long index) implements Op {
    @Override
    public void run(World w) {
      ReferenceModel m = w.model;
      Outcome expected =
          m.closed ? Outcome.of(Outcome.Kind.ILLEGAL_STATE)
              : index < 0 || index >= m.length() ? Outcome.of(Outcome.Kind.INDEX_OUT_OF_BOUNDS)
              : Outcome.value(m.at(index));
      w.check(toString(), expected, () -> w.pipe.byteAt(index));
    }

    @Override
    public String toString() {
      return "byteAt(" + index + ")";
    }
  }

  /** length(), isClosed() and reachedEof(). */
  record Inspect() implements Op {
    @Override
    public void run(World w) {
      ReferenceModel m = w.model;
      boolean closed = m.closed;
      Outcome ise = Outcome.of(Outcome.Kind.ILLEGAL_STATE);
      w.check("length()", closed ? ise : Outcome.value((long) m.length()), () -> w.pipe.length());
      w.check("reachedEof()", closed ? ise : Outcome.value(m.eof && m.length() == 0),
          () -> w.pipe.reachedEof());
      w.check("isClosed()", Outcome.value(closed || m.eof), () -> w.pipe.isClosed());
    }

    @Override
    public String toString() {
      return "inspect()";
    }
  }

  /** Closes one held sequence (index modulo how many are held), maybe from another thread. */
  record CloseSequence(int index, boolean otherThread) implements Op {
    @Override
    public void run(World w) {
      if (w.held.isEmpty()) {
        return;
      }
      World.Held h = w.held.remove(index % w.held.size());
      ByteSequence s = h.sequence();
      check(s.contentEquals(h.expected()), "sequence changed before close");
      if (otherThread) {
        Thread t = new Thread(s::close);
        t.start();
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      } else {
        s.close();
      }
      s.close();
      try {
        s.length();
        throw new AssertionError("length() works on a closed sequence");
      } catch (IllegalStateException expected) {
        // as specified
      }
    }

    @Override
    public String toString() {
      return "closeSequence(#" + index + (otherThread ? ", other thread" : "") + ")";
    }
  }

  /** {@code text} as a Java string literal, non-ASCII and control characters escaped. */
  static String quote(CharSequence text) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (ch >= 0x20 && ch < 0x7F) {
            sb.append(ch);
          } else {
            sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) ch));
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }
}
