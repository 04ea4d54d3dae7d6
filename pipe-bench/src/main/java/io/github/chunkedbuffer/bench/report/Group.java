package io.github.chunkedbuffer.bench.report;

import io.github.chunkedbuffer.bench.report.Result.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One table: the contenders that compete with each other (same workload, variant, shared parameters
 * and thread count), each as a {@link Series} over the rounds. The reference of a round is the best
 * peer (Netty, Okio) in that round; where no peer ran, the best JDK limit. Ratios are taken within
 * a round and then summarised over the rounds ({@link Spread}), so a slow spell on the machine
 * that hits one round moves neither contender alone.
 *
 * @param name e.g. {@code copy} or {@code target=absent}
 * @param rows the contenders, ours first, then peers, then JDK rows, each by median score
 */
record Group(String name, List<Series> rows) {

  /** The series that make up the reference: the peers, or the JDK limits where no peer ran. */
  List<Series> referenceSet() {
    List<Series> peers = byRole(Role.PEER);
    return peers.isEmpty() ? byRole(Role.LIMIT) : peers;
  }

  String referenceKind() {
    return byRole(Role.PEER).isEmpty() ? "best JDK limit" : "best peer";
  }

  List<Series> byRole(Role role) {
    List<Series> out = new ArrayList<>();
    for (Series s : rows) {
      if (s.role() == role) {
        out.add(s);
      }
    }
    return out;
  }

  /** The floor of this group (a {@code jdk_floor} row), or {@code null}. */
  Series floor() {
    for (Series s : rows) {
      if (s.any().isFloor()) {
        return s;
      }
    }
    return null;
  }

  /** {@code s}'s throughput divided by the reference, per round. */
  Spread ratio(Series s) {
    return Series.ratio(s, referenceSet());
  }

  /** {@code s}'s throughput divided by the floor, per round; empty without a floor. */
  Spread floorRatio(Series s) {
    Series floor = floor();
    return floor == null ? Spread.NONE : Series.ratio(s, List.of(floor));
  }

  /**
   * Which contender was the reference, and in how many rounds, e.g. {@code Netty [pooled, buffer]
   * (2 rounds), Netty [adaptive, buffer] (1 round)}.
   */
  String referenceNames() {
    Set<String> params = sharedParams();
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<Series> set = referenceSet();
    int rounds = rows.get(0).rounds();
    for (int round = 0; round < rounds; round++) {
      double best = Series.best(set, round);
      for (Series s : set) {
        Result r = s.at(round);
        if (r != null && r.score() == best) {
          counts.merge(ReportGenerator.label(s.any(), params), 1, Integer::sum);
          break;
        }
      }
    }
    if (counts.isEmpty()) {
      return "none";
    }
    if (rounds == 1) {
      return counts.keySet().iterator().next();
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((label, n) -> parts.add(label + " (" + n + (n == 1 ? " round)" : " rounds)")));
    return String.join(", ", parts);
  }

  /** The parameters every row of the group has (part of the group's name, not of row labels). */
  Set<String> sharedParams() {
    Set<String> common = new LinkedHashSet<>(rows.get(0).any().params().keySet());
    for (Series s : rows) {
      common.retainAll(s.any().params().keySet());
    }
    return common;
  }
}
