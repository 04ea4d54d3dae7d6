package io.github.chunkedbuffer.tests.model;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators for cases. Bytes come from the alphabet 0..3 and separators are 1..3 of them, so
 * separators and matches are frequent and, with small chunks, split across chunks. Every argument
 * shrinks towards a small, ordinary value.
 */
final class OpGenerators {
  private OpGenerators() {}

  /** Bytes 0..3 as a digit string of 0..{@code max} characters. */
  static Gen<String> data(int max) {
    return strings().betweenCodePoints('0', '3').ofLengthBetween(0, max);
  }

  static Gen<String> separator() {
    return Generate.frequency(
        Pair.of(30, strings().betweenCodePoints('0', '3').ofLengthBetween(1, 3)),
        Pair.of(1, Generate.constant("")));
  }

  /** A count for read/peek/skip: mostly 0..12, sometimes -1 (everything) or invalid. */
  static Gen<Integer> count() {
    return Generate.frequency(
        Pair.of(20, integers().between(0, 12)),
        Pair.of(4, Generate.constant(-1)),
        Pair.of(1, Generate.constant(-2)));
  }

  static Gen<Long> index() {
    return Generate.frequency(
        Pair.of(20, Generate.longRange(0, 20)),
        Pair.of(1, Generate.longRange(-2, -1)),
        Pair.of(1, Generate.constant(Long.MAX_VALUE)));
  }

  static Gen<Long> limit() {
    return Generate.frequency(
        Pair.of(10, Generate.constant(-1L)),
        Pair.of(10, Generate.longRange(1, 16)),
        Pair.of(1, Generate.constant(0L)),
        Pair.of(1, Generate.constant(Long.MAX_VALUE)));
  }

  static Gen<Op> op() {
    Gen<Op> write =
        data(12).zip(Generate.enumValues(Op.Source.class), (d, s) -> (Op) new Op.Write(d, s));
    Gen<Op> bigWrite =
        integers().between(1, 70_000).zip(integers().between(0, 9), (n, s) -> new Op.BigWrite(n, s));
    Gen<Op> getBuffer =
        Generate.frequency(
                Pair.of(10, integers().between(-1, 10)), Pair.of(1, Generate.constant(-2)))
            .zip(Generate.frequency(Pair.of(8, Generate.constant(false)), Pair.of(1, booleans().all())),
                (h, above) -> (Op) new Op.GetBuffer(h, above && h >= 0));
    Gen<Op> commit = data(12).map(d -> (Op) new Op.Commit(d));
    Gen<Op> badCommit =
        integers().between(-3, 3).map(d -> (Op) new Op.BadCommit(d == 0 ? 1 : d));
    Gen<Op> readFrom =
        data(12).zip(
            Generate.frequency(Pair.of(12, Generate.constant(false)), Pair.of(1, Generate.constant(true))),
            (d, eos) -> (Op) new Op.ReadFrom(d, eos));
    Gen<Op> eof = booleans().all().map(c -> (Op) new Op.Eof(c));
    Gen<Op> closePipe = Generate.constant((Op) new Op.ClosePipe());
    Gen<Op> take =
        Generate.enumValues(Op.Mode.class)
            .zip(count(), booleans().all(), booleans().all(),
                (m, n, zc, noArg) -> (Op) new Op.Take(m, n, zc, noArg));
    Gen<Op> until =
        separator().zip(booleans().all(), limit(), booleans().all(),
            (s, skip, limit, zc) -> (Op) new Op.Until(s, skip, limit, zc));
    Gen<Op> skip =
        count().zip(booleans().all(), (n, exact) -> (Op) new Op.Skip(n, exact));
    Gen<Op> find =
        Generate.frequency(
                Pair.of(6, strings().betweenCodePoints('0', '3').ofLengthBetween(1, 3)),
                Pair.of(1, Generate.constant("")))
            .zip(index(), index(), booleans().all(), booleans().all(),
                (s, start, end, whole, asByte) -> (Op) new Op.Find(s, start, end, whole, asByte));
    Gen<Op> byteAt = index().map(i -> (Op) new Op.ByteAt(i));
    Gen<Op> inspect = Generate.constant((Op) new Op.Inspect());
    Gen<Op> closeSequence =
        integers().between(0, 7).zip(
            Generate.frequency(Pair.of(6, Generate.constant(false)), Pair.of(1, Generate.constant(true))),
            (i, other) -> (Op) new Op.CloseSequence(i, other));
    return Generate.frequency(
        List.of(
            // first, so that shrinking replaces steps that do not matter by it
            Pair.of(1, Generate.constant((Op) new Op.Nop())),
            Pair.of(10, typedRead()),
            Pair.of(5, valueAt()),
            Pair.of(8, typedWrite()),
            Pair.of(5, parseNumber()),
            Pair.of(2, parseAt()),
            Pair.of(5, readLine()),
            Pair.of(4, readString()),
            Pair.of(7, writeText()),
            Pair.of(4, writeView()),
            Pair.of(14, write),
            Pair.of(1, bigWrite),
            Pair.of(6, getBuffer),
            Pair.of(8, commit),
            Pair.of(1, badCommit),
            Pair.of(3, readFrom),
            Pair.of(14, take),
            Pair.of(12, until),
            Pair.of(5, skip),
            Pair.of(5, find),
            Pair.of(3, byteAt),
            Pair.of(2, inspect),
            Pair.of(5, closeSequence),
            Pair.of(2, eof),
            Pair.of(1, closePipe)));
  }

  // ---------------------------------------------------------------- protocol toolkit

  static Gen<Op> typedRead() {
    return Generate.enumValues(ToolkitOps.Typed.class).map(t -> (Op) new ToolkitOps.TypedRead(t));
  }

  static Gen<Op> valueAt() {
    return Generate.enumValues(ToolkitOps.At.class)
        .zip(index(), (t, i) -> (Op) new ToolkitOps.ValueAt(t, i));
  }

  /** Any long, often one at an edge of a type, each shrinking towards 0. */
  static Gen<Long> value() {
    return Generate.frequency(
        Pair.of(6, longs().all()),
        Pair.of(3, longs().between(-300, 300)),
        Pair.of(3, Generate.pick(List.of(0L, -1L, 0x7FL, 0x80L, 0xFFL, 0x7FFFL, 0x8000L, 0xFFFFL,
            (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, 0xFFFF_FFFFL, Long.MAX_VALUE,
            Long.MIN_VALUE, 0x0102_0304_0506_0708L))));
  }

  static Gen<Op> typedWrite() {
    return Generate.enumValues(ToolkitOps.Put.class)
        .zip(value(), (t, v) -> (Op) new ToolkitOps.TypedWrite(t, v));
  }

  /** A radix: mostly 2..36, sometimes one outside. */
  static Gen<Integer> radix() {
    return Generate.frequency(
        Pair.of(4, Generate.constant(10)),
        Pair.of(20, integers().between(2, 36)),
        Pair.of(1, Generate.pick(List.of(1, 37, 0, -16))));
  }

  /** How far {@link ToolkitOps.ParseNumber} moves an end of its range off the text. */
  static Gen<Integer> delta() {
    return Generate.frequency(
        Pair.of(12, Generate.constant(0)),
        Pair.of(1, integers().between(-2, 2)));
  }

  static Gen<Op> parseNumber() {
    Gen<ToolkitOps.ParseNumber> exact =
        integers().between(0, 12).zip(radix(), value(), integers().between(0, 2047),
            (kind, r, v, flags) ->
                new ToolkitOps.ParseNumber(ToolkitOps.numberText(kind, r, v, flags), r, 0, 0));
    return exact.zip(delta(), delta(),
        (p, a, b) -> (Op) new ToolkitOps.ParseNumber(p.text(), p.radix(), a, b));
  }

  static Gen<Op> parseAt() {
    return index().zip(index(), radix(), (a, b, r) -> (Op) new ToolkitOps.ParseAt(a, b, r));
  }

  static Gen<Op> readLine() {
    return Generate.frequency(
            Pair.of(8, Generate.longRange(1, 24)),
            Pair.of(4, Generate.longRange(25, 200)),
            Pair.of(5, Generate.constant(Long.MAX_VALUE)),
            Pair.of(1, Generate.longRange(-1, 0)))
        .map(limit -> (Op) new ToolkitOps.ReadLine(limit));
  }

  static Gen<ToolkitOps.Cs> charset() {
    return Generate.frequency(
        Pair.of(8, Generate.constant(ToolkitOps.Cs.UTF_8)),
        Pair.of(3, Generate.enumValues(ToolkitOps.Cs.class)));
  }

  static Gen<Op> readString() {
    return count().zip(charset(), (n, cs) -> (Op) new ToolkitOps.ReadString(n, cs));
  }

  /**
   * Pieces of text: line ends, digits, the edges of each UTF-8 length, surrogate pairs and lone
   * surrogates (which the encoders replace), a long ASCII run. The plainest comes first.
   */
  private static final List<String> PIECES = List.of(
      "a", "\n", "\r\n", "line\n", "\r", "12", "-7", "h\u00e9llo", "\u20ac", "\ud83d\ude00",
      "\ud83d", "\ude00", "\u0000", "\u007f", "\u0080", "\u07ff", "\u0800", "\uffff", "\ufeff",
      "\udbff\udfff", "\u00ff", "abcdefghijklmnopqrstuvwxyz0123456789");

  static Gen<String> text() {
    return lists().of(Generate.pick(PIECES)).ofSizeBetween(0, 8)
        .map(pieces -> String.join("", pieces));
  }

  static Gen<Op> writeText() {
    return text().zip(charset(),
        Generate.frequency(
            Pair.of(6, Generate.constant(ToolkitOps.TextForm.STRING)),
            Pair.of(1, Generate.enumValues(ToolkitOps.TextForm.class))),
        (t, cs, form) -> (Op) new ToolkitOps.WriteText(t, cs, form));
  }

  static Gen<Op> writeView() {
    return Generate.enumValues(ToolkitOps.ViewSource.class)
        .zip(integers().between(0, 7), integers().between(0, 12),
            (src, i, n) -> (Op) new ToolkitOps.WriteView(src, i, n));
  }

  /** A case with chunk sizes drawn from {@code [low, high]}. */
  static Gen<Case> cases(int low, int high, int maxOps) {
    return integers().between(low, high).zip(integers().between(low, high),
        lists().of(op()).ofSizeBetween(0, maxOps),
        (a, b, ops) -> new Case(Math.min(a, b), Math.max(a, b), ops));
  }

  /** Chunk sizes and the operations to run on a pipe with them. */
  record Case(int minChunkSize, int maxChunkSize, List<Op> ops) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("\nPipe.builder().minChunkSize(" + minChunkSize
          + ").maxChunkSize(" + maxChunkSize + "), then (steps that are no-ops left out):\n");
      for (int i = 0; i < ops.size(); i++) {
        if (!(ops.get(i) instanceof Op.Nop)) {
          sb.append(String.format(java.util.Locale.ROOT, "%4d. %s%n", i + 1, ops.get(i)));
        }
      }
      return sb.toString();
    }
  }
}
