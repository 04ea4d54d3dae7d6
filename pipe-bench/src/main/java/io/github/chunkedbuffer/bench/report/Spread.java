package io.github.chunkedbuffer.bench.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The median of a value measured once per round, with its smallest and largest value; {@code n} is
 * how many rounds had it. A median over an even count is the mean of the middle two.
 *
 * @param median the median, NaN when no round had the value
 * @param min the smallest value
 * @param max the largest value
 * @param n the number of values
 */
record Spread(double median, double min, double max, int n) {

  static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, 0);

  /** The spread of the values that are numbers (NaN and infinities are left out). */
  static Spread of(List<Double> values) {
    double[] v =
        values.stream()
            .filter(d -> d != null && !d.isNaN() && !d.isInfinite())
            .mapToDouble(Double::doubleValue)
            .sorted()
            .toArray();
    if (v.length == 0) {
      return NONE;
    }
    int mid = v.length / 2;
    double median = v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    return new Spread(median, v[0], v[v.length - 1], v.length);
  }

  /** Same as {@link #of(List)} for an array. */
  static Spread of(double... values) {
    return of(Arrays.stream(values).boxed().toList());
  }

  boolean isEmpty() {
    return n == 0;
  }

  /** {@code 1.23×}, or a dash when empty. */
  String ratio() {
    return isEmpty() ? "—" : String.format(Locale.ROOT, "%.2f×", median);
  }

  /** {@code 1.18–1.27} over several rounds, a dash for one round or none. */
  String ratioRange() {
    return n < 2 ? "—" : String.format(Locale.ROOT, "%.2f–%.2f", min, max);
  }
}
