package io.github.chunkedbuffer.bench.report;

import io.github.chunkedbuffer.bench.report.Result.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One contender across the rounds of a run: the results with the same {@link Result#key()}, one
 * slot per round, empty ({@code null}) where a round has no result for it.
 */
final class Series {
  private final Result[] byRound;
  private final Result any;

  Series(Result any, int rounds) {
    this.any = any;
    this.byRound = new Result[rounds];
  }

  void put(Result r) {
    byRound[r.round()] = r;
  }

  /** A result of this series (the first one read), for its name, role and parameters. */
  Result any() {
    return any;
  }

  /** The result of {@code round}, or {@code null}. */
  Result at(int round) {
    return byRound[round];
  }

  int rounds() {
    return byRound.length;
  }

  Role role() {
    return any.role();
  }

  /** The per-round values of {@code metric}, NaN for rounds without a result. */
  List<Double> values(ToDoubleFunction<Result> metric) {
    List<Double> out = new ArrayList<>(byRound.length);
    for (Result r : byRound) {
      out.add(r == null ? Double.NaN : metric.applyAsDouble(r));
    }
    return out;
  }

  Spread score() {
    return Spread.of(values(Result::score));
  }

  Spread bytesPerOp() {
    return Spread.of(values(Result::bytesPerOp));
  }

  Spread secondary(String name) {
    return Spread.of(values(r -> r.secondary(name)));
  }

  /** The sum over rounds of secondary metric {@code name} (NaN where none has it). */
  double secondarySum(String name) {
    double sum = Double.NaN;
    for (Result r : byRound) {
      double v = r == null ? Double.NaN : r.secondary(name);
      if (!Double.isNaN(v)) {
        sum = Double.isNaN(sum) ? v : sum + v;
      }
    }
    return sum;
  }

  /** The JMH error of the median round's result (NaN when unknown). */
  double medianError() {
    double median = score().median();
    for (Result r : byRound) {
      if (r != null && r.score() == median) {
        return r.error();
      }
    }
    return Double.NaN;
  }

  /**
   * Per round, {@code ours}' score divided by the best score among {@code references} in the same
   * round; rounds where either is missing are left out.
   */
  static Spread ratio(Series ours, List<Series> references) {
    List<Double> ratios = new ArrayList<>();
    for (int round = 0; round < ours.rounds(); round++) {
      Result o = ours.at(round);
      double best = best(references, round);
      if (o != null && !Double.isNaN(best)) {
        ratios.add(o.score() / best);
      }
    }
    return Spread.of(ratios);
  }

  /** The best score among {@code series} in {@code round}, NaN when none has one. */
  static double best(List<Series> series, int round) {
    double best = Double.NaN;
    for (Series s : series) {
      Result r = s.at(round);
      if (r != null && !Double.isNaN(r.score()) && (Double.isNaN(best) || r.score() > best)) {
        best = r.score();
      }
    }
    return best;
  }
}
