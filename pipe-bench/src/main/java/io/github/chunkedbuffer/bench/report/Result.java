package io.github.chunkedbuffer.bench.report;

import java.util.Arrays;
import java.util.Map;

/**
 * One result (one benchmark method with one set of parameters) of one round, as read from JMH's
 * JSON, or from the JMH-shaped JSON of a plain measurement program such as {@code IdleConnections}.
 *
 * @param className simple name of the benchmark class, e.g. {@code LinesBench}
 * @param method the benchmark method, e.g. {@code copy_netty}
 * @param params the JMH parameters and the run's labels ({@code -Dbench.label.<key>=<value>} in the
 *     fork's flags, e.g. {@code vector=on}), in name order
 * @param threads the number of benchmark threads
 * @param score the primary score (throughput, or what the program measured)
 * @param error the 99.9% half-width JMH reports, NaN when it could not compute one
 * @param unit the primary score's unit, e.g. {@code ops/s}
 * @param bytesPerOp {@code gc.alloc.rate.norm}, NaN when {@code -prof gc} was off
 * @param secondary every secondary metric's score by name (e.g. {@code poolHits})
 * @param round the round (0-based) the result belongs to
 */
record Result(
    String className,
    String method,
    Map<String, String> params,
    int threads,
    double score,
    double error,
    String unit,
    double bytesPerOp,
    Map<String, Double> secondary,
    int round) {

  /** Who a contender is: us, a peer library, or a JDK baseline/limit/floor. */
  enum Role {
    OURS,
    PEER,
    LIMIT
  }

  /** Identifies the same contender across rounds: class, method, parameters and threads. */
  String key() {
    return className + "." + method + params + "@" + threads;
  }

  /** The secondary metric {@code name}, or NaN when absent. */
  double secondary(String name) {
    Double v = secondary.get(name);
    return v == null ? Double.NaN : v;
  }

  /**
   * The method name split as {@code [variant_]contender[_detail]}: the first of {@code ours},
   * {@code netty}, {@code okio}, {@code jdk} is the contender; what precedes it is the variant.
   */
  private String[] parts() {
    String[] tokens = method.split("_");
    for (int i = 0; i < tokens.length; i++) {
      if (roleOf(tokens[i]) != null) {
        return new String[] {
          String.join("_", Arrays.copyOfRange(tokens, 0, i)),
          tokens[i],
          String.join(" ", Arrays.copyOfRange(tokens, i + 1, tokens.length))
        };
      }
    }
    return new String[] {"", method, ""};
  }

  /** The variant (e.g. {@code copy}), or empty. */
  String variant() {
    return parts()[0];
  }

  /** The contender token ({@code ours}, {@code netty}, ...), or the method name if none matched. */
  String contender() {
    return parts()[1];
  }

  /** What follows the contender token, words separated by spaces (e.g. {@code adaptive heap}). */
  String detail() {
    return parts()[2];
  }

  Role role() {
    Role role = roleOf(contender());
    return role == null ? Role.PEER : role;
  }

  /** Whether this is a floor: a JDK row doing only the work every contender must do. */
  boolean isFloor() {
    return role() == Role.LIMIT && detail().equals("floor");
  }

  private static Role roleOf(String token) {
    return switch (token) {
      case "ours" -> Role.OURS;
      case "netty", "okio" -> Role.PEER;
      case "jdk" -> Role.LIMIT;
      default -> null;
    };
  }
}
