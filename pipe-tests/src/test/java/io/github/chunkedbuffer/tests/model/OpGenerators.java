package io.github.chunkedbuffer.tests.model;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
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
