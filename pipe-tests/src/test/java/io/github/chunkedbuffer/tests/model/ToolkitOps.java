package io.github.chunkedbuffer.tests.model;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ByteView;
import io.github.chunkedbuffer.pipe.ChunkPools;
import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.function.Function;

/**
 * The steps for the protocol toolkit: typed reads, in-place getters, typed writes, {@code
 * parseLong}, {@code readLine}, {@code readString}, {@code write(CharSequence, Charset)} and {@code
 * write(ByteView)}. Their oracles are the JDK's own: {@link ByteBuffer}'s getters and putters in
 * either {@link ByteOrder}, {@link Long#parseLong(CharSequence, int, int, int)}, {@link
 * String#getBytes(Charset)} and {@link String#String(byte[], Charset)}, applied to the model's
 * bytes.
 */
final class ToolkitOps {
  private ToolkitOps() {}

  /** A typed read of a pipe. */
  interface TypedCall {
    Object read(Pipe p) throws IOException;
  }

  /** An in-place getter of a pipe. */
  interface AtCall {
    Object get(Pipe p, long index);
  }

  /** A typed write to a pipe. */
  interface PutCall {
    void put(Pipe p, long value);
  }

  /** Every typed read, with its size and its oracle on a buffer holding exactly its bytes. */
  @SuppressWarnings("ImmutableEnumChecker") // its functions are method references, without state
  enum Typed {
    BYTE("readByte", 1, ByteOrder.BIG_ENDIAN, Pipe::readByte, ByteBuffer::get),
    UNSIGNED_BYTE("readUnsignedByte", 1, ByteOrder.BIG_ENDIAN, Pipe::readUnsignedByte,
        b -> Byte.toUnsignedInt(b.get())),
    SHORT("readShort", 2, ByteOrder.BIG_ENDIAN, Pipe::readShort, ByteBuffer::getShort),
    SHORT_LE("readShortLE", 2, ByteOrder.LITTLE_ENDIAN, Pipe::readShortLE, ByteBuffer::getShort),
    UNSIGNED_SHORT("readUnsignedShort", 2, ByteOrder.BIG_ENDIAN, Pipe::readUnsignedShort,
        b -> Short.toUnsignedInt(b.getShort())),
    UNSIGNED_SHORT_LE("readUnsignedShortLE", 2, ByteOrder.LITTLE_ENDIAN,
        Pipe::readUnsignedShortLE, b -> Short.toUnsignedInt(b.getShort())),
    INT("readInt", 4, ByteOrder.BIG_ENDIAN, Pipe::readInt, ByteBuffer::getInt),
    INT_LE("readIntLE", 4, ByteOrder.LITTLE_ENDIAN, Pipe::readIntLE, ByteBuffer::getInt),
    UNSIGNED_INT("readUnsignedInt", 4, ByteOrder.BIG_ENDIAN, Pipe::readUnsignedInt,
        b -> Integer.toUnsignedLong(b.getInt())),
    UNSIGNED_INT_LE("readUnsignedIntLE", 4, ByteOrder.LITTLE_ENDIAN, Pipe::readUnsignedIntLE,
        b -> Integer.toUnsignedLong(b.getInt())),
    LONG("readLong", 8, ByteOrder.BIG_ENDIAN, Pipe::readLong, ByteBuffer::getLong),
    LONG_LE("readLongLE", 8, ByteOrder.LITTLE_ENDIAN, Pipe::readLongLE, ByteBuffer::getLong);

    final String method;
    final int size;
    final ByteOrder order;
    final TypedCall call;
    final Function<ByteBuffer, Object> oracle;

    Typed(String method, int size, ByteOrder order, TypedCall call,
        Function<ByteBuffer, Object> oracle) {
      this.method = method;
      this.size = size;
      this.order = order;
      this.call = call;
      this.oracle = oracle;
    }

    Object expected(byte[] bytes) {
      return oracle.apply(ByteBuffer.wrap(bytes).order(order));
    }
  }

  /** Every in-place getter, with its size and its oracle. */
  @SuppressWarnings("ImmutableEnumChecker") // its functions are method references, without state
  enum At {
    SHORT("shortAt", 2, ByteOrder.BIG_ENDIAN, Pipe::shortAt, ByteBuffer::getShort),
    SHORT_LE("shortAtLE", 2, ByteOrder.LITTLE_ENDIAN, Pipe::shortAtLE, ByteBuffer::getShort),
    INT("intAt", 4, ByteOrder.BIG_ENDIAN, Pipe::intAt, ByteBuffer::getInt),
    INT_LE("intAtLE", 4, ByteOrder.LITTLE_ENDIAN, Pipe::intAtLE, ByteBuffer::getInt),
    LONG("longAt", 8, ByteOrder.BIG_ENDIAN, Pipe::longAt, ByteBuffer::getLong),
    LONG_LE("longAtLE", 8, ByteOrder.LITTLE_ENDIAN, Pipe::longAtLE, ByteBuffer::getLong);

    final String method;
    final int size;
    final ByteOrder order;
    final AtCall call;
    final Function<ByteBuffer, Object> oracle;

    At(String method, int size, ByteOrder order, AtCall call, Function<ByteBuffer, Object> oracle) {
      this.method = method;
      this.size = size;
      this.order = order;
      this.call = call;
      this.oracle = oracle;
    }
  }

  /** Every typed write, with its size and its oracle. */
  @SuppressWarnings("ImmutableEnumChecker") // its functions are method references, without state
  enum Put {
    BYTE("writeByte", 1, ByteOrder.BIG_ENDIAN, (p, v) -> p.writeByte((int) v),
        (b, v) -> b.put((byte) v)),
    SHORT("writeShort", 2, ByteOrder.BIG_ENDIAN, (p, v) -> p.writeShort((int) v),
        (b, v) -> b.putShort((short) v)),
    SHORT_LE("writeShortLE", 2, ByteOrder.LITTLE_ENDIAN, (p, v) -> p.writeShortLE((int) v),
        (b, v) -> b.putShort((short) v)),
    INT("writeInt", 4, ByteOrder.BIG_ENDIAN, (p, v) -> p.writeInt((int) v),
        (b, v) -> b.putInt((int) v)),
    INT_LE("writeIntLE", 4, ByteOrder.LITTLE_ENDIAN, (p, v) -> p.writeIntLE((int) v),
        (b, v) -> b.putInt((int) v)),
    LONG("writeLong", 8, ByteOrder.BIG_ENDIAN, Pipe::writeLong, ByteBuffer::putLong),
    LONG_LE("writeLongLE", 8, ByteOrder.LITTLE_ENDIAN, Pipe::writeLongLE, ByteBuffer::putLong);

    /** A {@link ByteBuffer} put of a value. */
    interface Oracle {
      ByteBuffer put(ByteBuffer b, long value);
    }

    final String method;
    final int size;
    final ByteOrder order;
    final PutCall call;
    final Oracle oracle;

    Put(String method, int size, ByteOrder order, PutCall call, Oracle oracle) {
      this.method = method;
      this.size = size;
      this.order = order;
      this.call = call;
      this.oracle = oracle;
    }

    /** The argument as the method receives it: {@code int} methods get the low 32 bits. */
    long argument(long value) {
      return size == Long.BYTES ? value : (int) value;
    }
  }

  /** The charsets text is written and read with. */
  enum Cs {
    UTF_8(java.nio.charset.StandardCharsets.UTF_8),
    ISO_8859_1(java.nio.charset.StandardCharsets.ISO_8859_1),
    US_ASCII(java.nio.charset.StandardCharsets.US_ASCII),
    UTF_16BE(java.nio.charset.StandardCharsets.UTF_16BE),
    UTF_16LE(java.nio.charset.StandardCharsets.UTF_16LE),
    UTF_16(java.nio.charset.StandardCharsets.UTF_16);

    final Charset charset;

    Cs(Charset charset) {
      this.charset = charset;
    }
  }

  /** How {@link WriteText} hands over its text. */
  enum TextForm {
    STRING,
    STRING_BUILDER,
    CHAR_BUFFER
  }

  /**
   * What {@code readExact(size)}-like reads must do: the value and the bytes they consume, or the
   * exception, computed from the model as for {@code readExact}.
   */
  private static Outcome exactly(ReferenceModel m, int size, Function<byte[], Object> value,
      int[] consume) {
    int len = m.length();
    if (m.closed) {
      return Outcome.of(Outcome.Kind.ILLEGAL_STATE);
    }
    if (len >= size) {
      consume[0] = size;
      return Outcome.value(value.apply(m.front(size)));
    }
    if (!m.eof) {
      return null; // not enough yet: the caller says what that looks like
    }
    if (len == 0 && m.cause != null) {
      return Outcome.failed(m.cause);
    }
    consume[0] = len;
    return Outcome.partial(m.all(), m.cause);
  }

  // ------------------------------------------------------------------ typed reads and getters

  /** readByte, readShort, ..., readLongLE. */
  record TypedRead(Typed type) implements Op {
    @Override
    public void run(World w) {
      int[] consume = new int[1];
      Outcome expected = exactly(w.model, type.size, type::expected, consume);
      if (expected == null) {
        expected = Outcome.of(Outcome.Kind.UNDERFLOW);
      }
      w.check(toString(), expected, () -> type.call.read(w.pipe));
      w.model.consume(consume[0]);
    }

    @Override
    public String toString() {
      return type.method + "()";
    }
  }

  /** shortAt, intAt, longAt and their LE twins. */
  record ValueAt(At type, long index) implements Op {
    @Override
    public void run(World w) {
      ReferenceModel m = w.model;
      Outcome expected;
      if (m.closed) {
        expected = Outcome.of(Outcome.Kind.ILLEGAL_STATE);
      } else if (index < 0 || index > m.length() - type.size) {
        expected = Outcome.of(Outcome.Kind.INDEX_OUT_OF_BOUNDS);
      } else {
        byte[] bytes = m.range((int) index, type.size);
        expected = Outcome.value(type.oracle.apply(ByteBuffer.wrap(bytes).order(type.order)));
      }
      w.check(toString(), expected, () -> type.call.get(w.pipe, index));
    }

    @Override
    public String toString() {
      return type.method + "(" + index + ")";
    }
  }

  // ------------------------------------------------------------------ typed writes

  /** writeByte, writeShort, ..., writeLongLE of {@code value} (the low bits for the smaller). */
  record TypedWrite(Put type, long value) implements Op {
    @Override
    public void run(World w) {
      Outcome expected =
          w.writeClosed() ? Outcome.of(Outcome.Kind.ILLEGAL_STATE) : Outcome.value(null);
      long argument = type.argument(value);
      w.check(toString(), expected, () -> {
        type.call.put(w.pipe, argument);
        return null;
      });
      if (!w.writeClosed()) {
        ByteBuffer b = ByteBuffer.allocate(type.size).order(type.order);
        type.oracle.put(b, argument);
        w.model.append(b.array(), 0, type.size);
      }
      w.lent = null;
    }

    @Override
    public String toString() {
      return type.method + "(" + (type.size == Long.BYTES ? value + "L" : (int) value) + ")";
    }
  }

  // ------------------------------------------------------------------ numbers

  /**
   * What {@code parseLong(start, end, radix)} must do on the model: bounds as the pipe promises,
   * then exactly what {@link Long#parseLong(CharSequence, int, int, int)} does on the bytes as
   * characters.
   */
  static Outcome parseOutcome(ReferenceModel m, long start, long end, int radix) {
    if (m.closed) {
      return Outcome.of(Outcome.Kind.ILLEGAL_STATE);
    }
    if (start < 0 || start > end || end > m.length()) {
      return Outcome.of(Outcome.Kind.INDEX_OUT_OF_BOUNDS);
    }
    try {
      return Outcome.value(Long.parseLong(m.latin1(), (int) start, (int) end, radix));
    } catch (NumberFormatException e) {
      return Outcome.of(Outcome.Kind.NUMBER_FORMAT);
    }
  }

  /** parseLong over any range of the unread bytes: bad ranges, bytes that are not numbers. */
  record ParseAt(long start, long end, int radix) implements Op {
    @Override
    public void run(World w) {
      w.check(toString(), parseOutcome(w.model, start, end, radix),
          () -> w.pipe.parseLong(start, end, radix));
    }

    @Override
    public String toString() {
      return "parseLong(" + start + ", " + end + ", " + radix + ")";
    }
  }

  /**
   * Writes {@code text} (ISO-8859-1, one byte per character) and parses it in place, the range
   * moved by {@code startDelta} and {@code endDelta} from exactly the text.
   */
  record ParseNumber(String text, int radix, int startDelta, int endDelta) implements Op {
    @Override
    public void run(World w) {
      Charset latin1 = java.nio.charset.StandardCharsets.ISO_8859_1;
      Outcome written =
          w.writeClosed() ? Outcome.of(Outcome.Kind.ILLEGAL_STATE) : Outcome.value(null);
      w.check("write(" + Op.quote(text) + ", ISO-8859-1)", written, () -> {
        w.pipe.write(text, latin1);
        return null;
      });
      if (!w.writeClosed()) {
        byte[] b = text.getBytes(latin1);
        w.model.append(b, 0, b.length);
      }
      w.lent = null;
      long end = (long) w.model.length() + endDelta;
      long start = (long) w.model.length() - text.length() + startDelta;
      w.check("parseLong(" + start + ", " + end + ", " + radix + ")",
          parseOutcome(w.model, start, end, radix), () -> w.pipe.parseLong(start, end, radix));
    }

    @Override
    public String toString() {
      return "write " + Op.quote(text) + ", then parseLong of it in radix " + radix
          + (startDelta == 0 && endDelta == 0
              ? ""
              : " (start " + signed(startDelta) + ", end " + signed(endDelta) + ")");
    }

    private static String signed(int delta) {
      return delta >= 0 ? "+" + delta : Integer.toString(delta);
    }
  }

  /**
   * Text for {@code parseLong}: a number in {@code radix} chosen by {@code kind}, with {@code
   * flags} choosing upper case, a sign, leading zeros and a junk character.
   */
  static String numberText(int kind, int radix, long value, int flags) {
    int r = radix < Character.MIN_RADIX || radix > Character.MAX_RADIX ? 10 : radix;
    BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
    BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
    BigInteger small = BigInteger.valueOf(Math.floorMod(value, 1000));
    String digits = switch (kind) {
      case 1 -> max.toString(r);
      case 2 -> min.toString(r);
      case 3 -> max.add(BigInteger.ONE).toString(r);
      case 4 -> min.subtract(BigInteger.ONE).toString(r);
      case 5 -> max.add(small).toString(r); // past the maximum by a little
      case 6 -> min.subtract(small).toString(r);
      case 7 -> max.multiply(BigInteger.valueOf(r)).toString(r); // one digit too many
      case 8 -> "";
      case 9 -> small.toString(r);
      default -> Long.toString(value, r);
    };
    StringBuilder sb = new StringBuilder(digits);
    if ((flags & 1) != 0) {
      sb = new StringBuilder(sb.toString().toUpperCase(Locale.ROOT));
    }
    int zeros = (flags >> 1) & 3;
    int at = sb.length() > 0 && sb.charAt(0) == '-' ? 1 : 0;
    for (int i = 0; i < zeros; i++) {
      sb.insert(at, '0');
    }
    int sign = (flags >> 3) & 3; // 0, 1: as it is; 2: '+' in front; 3: '-' in front
    if (sign == 2) {
      sb.insert(0, '+');
    } else if (sign == 3) {
      sb.insert(0, '-');
    }
    if (((flags >> 5) & 3) != 3) { // a junk character one time in four
      return sb.toString();
    }
    int junk = (flags >> 7) % JUNK.length();
    int where = Math.floorMod(value >>> 7, sb.length() + 1);
    sb.insert(where, JUNK.charAt(junk));
    return sb.toString();
  }

  /** Characters near the digits: ASCII neighbours of 0-9, a-z and A-Z, signs, Latin-1 letters. */
  private static final String JUNK = "/:@[`{ +-z\u00e9\u00b2\u00ff";

  // ------------------------------------------------------------------ text

  /** readLine(limit). */
  record ReadLine(long limit) implements Op {
    @Override
    public void run(World w) {
      ReferenceModel m = w.model;
      Outcome expected;
      int consume = 0;
      int len = m.length();
      if (m.closed) {
        expected = Outcome.of(Outcome.Kind.ILLEGAL_STATE);
      } else if (limit < 1) {
        expected = Outcome.of(Outcome.Kind.ILLEGAL_ARGUMENT);
      } else {
        long at = m.find(new byte[] {'\n'}, 0, len);
        if (at >= 0 && at + 1 <= limit) {
          byte[] line = m.front((int) at);
          int k = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
          expected = Outcome.value(new String(line, 0, k, java.nio.charset.StandardCharsets.UTF_8));
          consume = (int) at + 1;
        } else if (at >= 0 || len >= limit) {
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
      w.check(toString(), expected, () -> w.pipe.readLine(limit));
      m.consume(consume);
    }

    @Override
    public String toString() {
      return "readLine(" + limit + ")";
    }
  }

  /** readString(n, charset). */
  record ReadString(int n, Cs cs) implements Op {
    @Override
    public void run(World w) {
      ReferenceModel m = w.model;
      int[] consume = new int[1];
      Outcome expected;
      if (m.closed) {
        expected = Outcome.of(Outcome.Kind.ILLEGAL_STATE);
      } else if (n < 0) {
        expected = Outcome.of(Outcome.Kind.ILLEGAL_ARGUMENT);
      } else if (n == 0) {
        expected = Outcome.value("");
      } else {
        expected = exactly(m, n, b -> new String(b, cs.charset), consume);
        if (expected == null) {
          expected = Outcome.value(null);
        }
      }
      w.check(toString(), expected, () -> w.pipe.readString(n, cs.charset));
      m.consume(consume[0]);
    }

    @Override
    public String toString() {
      return "readString(" + n + ", " + cs + ")";
    }
  }

  /** write(CharSequence, Charset); the oracle is {@link String#getBytes(Charset)}. */
  record WriteText(String text, Cs cs, TextForm form) implements Op {
    @Override
    @SuppressWarnings("UnnecessaryStringBuilder") // a CharSequence that is not a String, on purpose
    public void run(World w) {
      Outcome expected =
          w.writeClosed() ? Outcome.of(Outcome.Kind.ILLEGAL_STATE) : Outcome.value(null);
      CharSequence chars = switch (form) {
        case STRING -> text;
        case STRING_BUILDER -> new StringBuilder(text);
        case CHAR_BUFFER -> CharBuffer.wrap("<" + text + ">").position(1).limit(text.length() + 1);
      };
      w.check(toString(), expected, () -> {
        w.pipe.write(chars, cs.charset);
        return null;
      });
      if (!w.writeClosed()) {
        byte[] b = text.getBytes(cs.charset);
        w.model.append(b, 0, b.length);
      }
      w.lent = null;
    }

    @Override
    public String toString() {
      String what = switch (form) {
        case STRING -> Op.quote(text);
        case STRING_BUILDER -> "new StringBuilder(" + Op.quote(text) + ")";
        case CHAR_BUFFER -> "a CharBuffer slice of " + Op.quote(text);
      };
      return "write(" + what + ", " + cs + ")";
    }
  }

  // ------------------------------------------------------------------ write(ByteView)

  /** Where {@link WriteView} gets its bytes. */
  enum ViewSource {
    /** One of the sequences this pipe lent that is still open (none: the step does nothing). */
    HELD_SEQUENCE,
    /** A slice of such a sequence, closed after the write. */
    HELD_SLICE,
    /** A borrowed view of this pipe's first {@code n} unread bytes, pointed by peekExact. */
    PEEKED_VIEW,
    /** A sequence of another pipe, over several small chunks. */
    FOREIGN_SEQUENCE,
    /** A sequence of another pipe, closed before the write. */
    CLOSED_SEQUENCE
  }

  /** write(ByteView) of a sequence or view. */
  record WriteView(ViewSource source, int index, int n) implements Op {
    @Override
    public void run(World w) {
      switch (source) {
        case HELD_SEQUENCE, HELD_SLICE -> writeHeld(w);
        case PEEKED_VIEW -> writePeeked(w);
        case FOREIGN_SEQUENCE, CLOSED_SEQUENCE -> writeForeign(w);
      }
    }

    private void writeHeld(World w) {
      if (w.held.isEmpty()) {
        return;
      }
      World.Held h = w.held.get(index % w.held.size());
      byte[] all = h.expected();
      int from = Math.min(n % 4, all.length);
      int to = Math.max(from, all.length - n / 4 % 3);
      byte[] bytes = source == ViewSource.HELD_SLICE ? java.util.Arrays.copyOfRange(all, from, to)
          : all;
      ByteSequence slice = source == ViewSource.HELD_SLICE ? h.sequence().slice(from, to) : null;
      try {
        ByteView view = slice != null ? slice : h.sequence();
        write(w, view, bytes, " of held sequence #" + (index % w.held.size())
            + (slice != null ? " sliced [" + from + ", " + to + ")" : ""));
        require(view.contentEquals(bytes), toString() + ": the sequence changed");
      } finally {
        if (slice != null) {
          slice.close();
        }
      }
    }

    private void writePeeked(World w) {
      if (w.model.closed) {
        w.check("newView()", Outcome.of(Outcome.Kind.ILLEGAL_STATE), () -> w.pipe.newView());
        return;
      }
      ByteView view = w.pipe.newView();
      int k = Math.min(n, w.model.length());
      w.check("peekExact(" + k + ", view)", Outcome.value(true), () -> w.pipe.peekExact(k, view));
      write(w, view, w.model.front(k), " of a view peeked over " + k + " bytes");
      if (!w.writeClosed() && !w.concurrent) {
        try {
          view.length();
          throw new AssertionError(toString() + ": the view is still valid after the write");
        } catch (IllegalStateException expected) {
          // a write ends this pipe's views, after copying
        }
      }
    }

    private void writeForeign(World w) {
      byte[] bytes = Bytes.run(n, index);
      Pipe other =
          Pipe.builder()
              .pool(ChunkPools.get(ChunkPools.UNPOOLED))
              .minChunkSize(1)
              .maxChunkSize(3)
              .build();
      ByteSequence s;
      try {
        other.write(new byte[] {7, 7});
        other.write(bytes);
        require(other.skipExact(2), "skipExact(2) on the other pipe");
        s = other.readExactZeroCopy(n);
      } catch (IOException e) {
        throw new AssertionError(e);
      } finally {
        other.close();
      }
      try {
        if (source == ViewSource.CLOSED_SEQUENCE) {
          s.close();
          w.check(toString(), Outcome.of(Outcome.Kind.ILLEGAL_STATE), () -> {
            w.pipe.write(s);
            return null;
          });
          if (w.writeClosed()) {
            w.lent = null;
          } // else a refused argument leaves the loan, as a refused hint does
          return;
        }
        write(w, s, bytes, " of another pipe's sequence");
        require(s.contentEquals(bytes), toString() + ": the sequence changed");
      } finally {
        s.close();
      }
    }

    private void write(World w, ByteView view, byte[] bytes, String what) {
      Outcome expected =
          w.writeClosed() ? Outcome.of(Outcome.Kind.ILLEGAL_STATE) : Outcome.value(null);
      w.check("write(ByteView)" + what, expected, () -> {
        w.pipe.write(view);
        return null;
      });
      if (!w.writeClosed()) {
        w.model.append(bytes, 0, bytes.length);
      }
      w.lent = null;
    }

    @Override
    public String toString() {
      return switch (source) {
        case HELD_SEQUENCE -> "write(held sequence #" + index + ")";
        case HELD_SLICE -> "write(slice of held sequence #" + index + ", n=" + n + ")";
        case PEEKED_VIEW -> "write(view of peekExact(" + n + "))";
        case FOREIGN_SEQUENCE -> "write(another pipe's sequence of " + n + " bytes)";
        case CLOSED_SEQUENCE -> "write(closed sequence)";
      };
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }
}
