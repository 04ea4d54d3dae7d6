package io.github.chunkedbuffer.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The goals of the benchmark suite (issue 11) and how each is measured: which of our results is
 * divided by which reference, round by round, and the least median ratio that meets it. A goal whose
 * benchmarks did not run is reported as such, never as met.
 */
final class Goals {

  /** Allocation below this many bytes per message counts as none (JMH's own noise is ~0.01). */
  static final double ZERO_ALLOCATION = 1.0;

  /**
   * One goal.
   *
   * @param name what is measured, as the issue names it
   * @param target the goal as the issue states it
   * @param threshold the least median ratio that meets it; 0 for the idle goal (a count, not a ratio)
   * @param ours selects our result (one outcome per result selected)
   * @param reference selects the results whose best, per round, is the reference
   * @param referenceName how the report names the reference
   * @param zeroAllocation whether the goal also asks for no allocation per message
   * @param minJdk the JDK the goal is set for (0: any)
   * @param beside selects results shown beside the reference for context (their best, per round),
   *     which do not decide the goal; {@code null} for none
   * @param besideName how the report names them
   */
  record Goal(
      String name,
      String target,
      double threshold,
      Predicate<Result> ours,
      Predicate<Result> reference,
      String referenceName,
      boolean zeroAllocation,
      int minJdk,
      Predicate<Result> beside,
      String besideName) {

    /** A goal with nothing shown beside its reference. */
    Goal(
        String name,
        String target,
        double threshold,
        Predicate<Result> ours,
        Predicate<Result> reference,
        String referenceName,
        boolean zeroAllocation,
        int minJdk) {
      this(name, target, threshold, ours, reference, referenceName, zeroAllocation, minJdk, null, "");
    }
  }

  /**
   * A goal's outcome on one run.
   *
   * @param goal the goal
   * @param label which of our results, when the goal selects several; empty otherwise
   * @param ratio ours divided by the reference, per round
   * @param bytesPerOp our allocation per operation, per round
   * @param measured the measurement in words
   * @param status {@code MET}, {@code MISSED ...}, {@code NOT RUN: ...} or {@code n/a ...}
   */
  record Outcome(
      Goal goal, String label, Spread ratio, Spread bytesPerOp, String measured, String status) {}

  private Goals() {}

  /** The goals, in the order. */
  static List<Goal> all() {
    List<Goal> goals = new ArrayList<>();
    goals.add(
        new Goal(
            "lines copy (`readUntil` to `byte[]`)",
            "≥ 1.2× best of Netty (4 variants) and Okio",
            1.2,
            is("LinesBench", "copy_ours").and(param("mode", "plain")),
            is("LinesBench", "copy_netty").or(is("LinesBench", "copy_okio")),
            "best of Netty ×4, Okio",
            false,
            0));
    goals.add(
        new Goal(
            "lines zero-copy (borrowed view)",
            "≥ 1.5× best Netty retained slice; 0 B/message",
            1.5,
            is("LinesBench", "zeroCopy_ours_view").and(param("mode", "plain")),
            is("LinesBench", "zeroCopy_netty"),
            "best Netty retained slice ×4",
            true,
            0));
    goals.add(
        new Goal(
            "frames copy",
            "≥ 0.9× the two-copy floor",
            0.9,
            is("FramesBench", "copy_ours"),
            is("FramesBench", "copy_jdk_floor"),
            "two-copy floor",
            false,
            0));
    goals.add(
        new Goal(
            "frames zero-copy (borrowed view)",
            "≥ 1.2× best of Netty slices and Okio moves; 0 B/message",
            1.2,
            is("FramesBench", "zeroCopy_ours_view"),
            is("FramesBench", "zeroCopy_netty").or(is("FramesBench", "zeroCopy_okio")),
            "best of Netty slice ×4, Okio move",
            true,
            0));
    Predicate<Result> nettySearch =
        is("FindBench", "netty_composite")
            .or(is("FindBench", "netty_single"))
            .and(param("target", "absent"));
    Predicate<Result> vectorised =
        is("FindVectorBench", "ours_vector").or(is("FindBench", "ours").and(param("vector", "on")));
    goals.add(
        new Goal(
            "`findByte`, 1 MiB (absent byte)",
            "≥ 2× best Netty search",
            2.0,
            is("FindBench", "ours").and(param("target", "absent")).and(not(param("vector", "on"))),
            nettySearch,
            "best of Netty composite, single",
            false,
            0));
    goals.add(
        new Goal(
            "`findByte`, 1 MiB (absent byte), vector module",
            "≥ 2× best Netty search",
            2.0,
            vectorised.and(param("target", "absent")),
            nettySearch,
            "best of Netty composite, single",
            false,
            21));
    goals.add(
        new Goal(
            "`findByte`, 1 MiB (absent byte), vector module",
            "≥ 0.5× `Arrays.mismatch` on JDK 25 with the vector module",
            0.5,
            vectorised.and(param("target", "absent")),
            is("FindBench", "jdk_mismatch").and(param("target", "absent")),
            "`Arrays.mismatch`",
            false,
            25));
    goals.add(
        new Goal(
            "thread-local pool acquire + release, 1 thread",
            "≥ 2× best Netty allocator",
            2.0,
            is("PoolOneThreadBench", "ours_threadLocal"),
            method(m -> m.startsWith("netty_")).and(cls("PoolOneThreadBench")),
            "best of Netty adaptive/pooled, heap/direct",
            false,
            0));
    goals.add(
        new Goal(
            "thread-local pool acquire + release, 2 threads",
            "≥ 2× best Netty allocator",
            2.0,
            is("PoolTwoThreadsBench", "ours_threadLocal"),
            method(m -> m.startsWith("netty_")).and(cls("PoolTwoThreadsBench")),
            "best of Netty adaptive/pooled, heap/direct",
            false,
            0));
    goals.add(
        new Goal(
            "idle pipes",
            "no chunk held by an empty pipe with nothing lent",
            0,
            is("IdleConnections", "drained_ours"),
            is("IdleConnections", "drained_netty"),
            "Netty cumulations",
            false,
            0));
    goals.add(
        new Goal(
            "typed reads (`readInt`)",
            "≥ Netty `readInt`; 0 B/read",
            1.0,
            typed("readInt", "ours"),
            typed("readInt", "netty"),
            "best Netty `readInt` ×8",
            true,
            0,
            typed("readInt", "okio"),
            "Okio `readInt`"));
    goals.add(
        new Goal(
            "typed reads in place (`intAt`)",
            "≥ Netty `getInt`; 0 B/read",
            1.0,
            typed("intAt", "ours"),
            typed("intAt", "netty"),
            "best Netty `getInt` ×8",
            true,
            0));
    return goals;
  }

  /**
   * Evaluates every goal on {@code series} (every result of a run, across rounds): one outcome per
   * result that the goal's {@code ours} selects (named by its class and method when there are
   * several), the reference taken per round from every result its {@code reference} selects.
   */
  static List<Outcome> evaluate(List<Series> series, int jdkMajor) {
    List<Outcome> out = new ArrayList<>();
    for (Goal goal : all()) {
      List<Series> ours = select(series, goal.ours());
      if (ours.isEmpty()) {
        out.add(
            goal.minJdk() > jdkMajor
                ? new Outcome(goal, "", Spread.NONE, Spread.NONE, "—", notForThisJdk(goal, jdkMajor))
                : notRun(goal, "", "no results for ours"));
        continue;
      }
      List<Series> ref = select(series, goal.reference());
      for (Series o : ours) {
        Result r = o.any();
        String label = ours.size() == 1 ? "" : r.className() + "." + r.method() + r.params();
        out.add(outcome(goal, label, o, ref, series, jdkMajor));
      }
    }
    return out;
  }

  private static Outcome outcome(
      Goal goal, String label, Series ours, List<Series> ref, List<Series> all, int jdk) {
    if (goal.threshold() == 0) {
      return idle(goal, label, ours, ref);
    }
    if (ref.isEmpty()) {
      return notRun(goal, label, "no reference results (" + goal.referenceName() + ")");
    }
    Spread ratio = Series.ratio(ours, ref);
    Spread alloc = ours.bytesPerOp();
    if (ratio.isEmpty()) {
      return notRun(goal, label, "no round ran both ours and the reference");
    }
    boolean met = ratio.median() >= goal.threshold();
    String why = "";
    if (goal.zeroAllocation()) {
      if (alloc.isEmpty()) {
        met = false;
        why = " (no allocation figure: run with -prof gc)";
      } else if (alloc.median() >= ZERO_ALLOCATION) {
        met = false;
        why = String.format(Locale.ROOT, " (allocates %.1f B/message)", alloc.median());
      }
    }
    String status = met ? "MET" : "MISSED" + why;
    if (goal.minJdk() > jdk) {
      status = notForThisJdk(goal, jdk) + (met ? "; would be met" : "; would be missed");
    }
    String measured = ratio.ratio() + " of " + goal.referenceName();
    if (goal.beside() != null) {
      Spread beside = Series.ratio(ours, select(all, goal.beside()));
      if (!beside.isEmpty()) {
        measured += "; " + beside.ratio() + " of " + goal.besideName();
      }
    }
    return new Outcome(goal, label, ratio, alloc, measured, status);
  }

  /** The idle goal: chunks held by drained pipes, from the idle-connections program. */
  private static Outcome idle(Goal goal, String label, Series ours, List<Series> netty) {
    Spread chunks = ours.secondary("chunks held");
    Spread bytes = ours.secondary("bytes held");
    if (chunks.isEmpty()) {
      return notRun(goal, label, "no chunk count in the idle-connections results");
    }
    Spread nettyBytes = Spread.NONE;
    for (Series s : netty) {
      Spread b = s.secondary("bytes held");
      if (!b.isEmpty() && (nettyBytes.isEmpty() || b.median() < nettyBytes.median())) {
        nettyBytes = b;
      }
    }
    String measured =
        String.format(
            Locale.ROOT,
            "%,.0f chunks, %,.0f B held by %,.0f drained pipes",
            chunks.max(),
            bytes.max(),
            ours.secondary("connections").median())
            + (nettyBytes.isEmpty()
                ? ""
                : String.format(Locale.ROOT, " (Netty: %,.0f B)", nettyBytes.median()));
    String status = chunks.max() == 0 ? "MET" : "MISSED";
    return new Outcome(goal, label, Spread.NONE, Spread.NONE, measured, status);
  }

  private static String notForThisJdk(Goal goal, int jdk) {
    return "n/a on JDK " + jdk + " (a JDK " + goal.minJdk() + " goal)";
  }

  private static Outcome notRun(Goal goal, String label, String why) {
    return new Outcome(goal, label, Spread.NONE, Spread.NONE, "—", "NOT RUN: " + why);
  }

  private static List<Series> select(List<Series> series, Predicate<Result> p) {
    List<Series> out = new ArrayList<>();
    for (Series s : series) {
      if (p.test(s.any())) {
        out.add(s);
      }
    }
    return out;
  }

  private static Predicate<Result> is(String className, String method) {
    return r -> r.className().equals(className) && r.method().equals(method);
  }

  private static Predicate<Result> cls(String className) {
    return r -> r.className().equals(className);
  }

  private static Predicate<Result> method(Predicate<String> p) {
    return r -> p.test(r.method());
  }

  /**
   * A {@code TypedReadsBench} benchmark of {@code read} ({@code readInt}, {@code intAt}) by {@code
   * contender}, named either way round: {@code readInt_ours} (variant, as the class names them) or
   * {@code ours_readInt} (detail).
   */
  private static Predicate<Result> typed(String read, String contender) {
    return r ->
        r.className().equals("TypedReadsBench")
            && r.contender().equals(contender)
            && (r.variant().equals(read) || r.detail().equals(read));
  }

  private static Predicate<Result> not(Predicate<Result> p) {
    return p.negate();
  }

  private static Predicate<Result> param(String key, String value) {
    return r -> value.equals(r.params().get(key));
  }
}
