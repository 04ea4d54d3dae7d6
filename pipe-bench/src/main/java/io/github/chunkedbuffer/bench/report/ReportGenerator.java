package io.github.chunkedbuffer.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.chunkedbuffer.bench.report.Goals.Outcome;
import io.github.chunkedbuffer.bench.report.Result.Role;
import io.github.chunkedbuffer.bench.report.Workloads.Workload;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the JMH JSON results of one run into {@code BENCHMARKS.md}: the goals with their measured
 * ratios, then per workload a table of throughput, ratio to the best peer (Netty or Okio) and to
 * the floor where there is one, bytes allocated per operation, and a bar chart of the ratios (PNG,
 * drawn with JFreeChart).
 *
 * <pre>
 * java -Djava.awt.headless=true -cp pipe-bench/target/benchmarks.jar \
 *     io.github.chunkedbuffer.bench.report.ReportGenerator BENCHMARKS.md bench-results \
 *     [--command "pipe-bench/run.sh short"] [--duration "31 min"] \
 *     [--notes pipe-bench/goal-notes-jdk17.md] ROUND...
 * </pre>
 *
 * <p>A run is one or more <em>rounds</em>; each {@code ROUND} is a JMH JSON file or a directory of
 * them (every {@code *.json} in it). {@code run.sh} runs every benchmark class once per round, round
 * after round, so that a slow spell of a shared machine hits one round of every contender rather
 * than every round of one. Ratios are taken within each round and reported as their median with the
 * smallest and largest ({@link Spread}).
 *
 * <p>Results are grouped by workload (benchmark class), then by variant (the method name's part
 * before the contender, e.g. {@code copy}), by the parameters every benchmark of the workload has
 * (e.g. {@code target}, or the label {@code vector} that {@code run.sh} puts on a class run with and
 * without the vector module) and by thread count where it varies. Within a group the reference is
 * the fastest peer of each round; where no peer ran (bulk) it is the fastest JDK limit.
 */
public final class ReportGenerator {

  /** Fork flags {@code -Dbench.label.<key>=<value>} become a parameter {@code key=value}. */
  static final String LABEL_PREFIX = "-Dbench.label.";

  private final List<Series> series;
  private final int rounds;
  private final JsonObject first;
  private final List<Path> sources;

  private ReportGenerator(List<Series> series, int rounds, JsonObject first, List<Path> sources) {
    this.series = series;
    this.rounds = rounds;
    this.first = first;
    this.sources = sources;
  }

  /**
   * Arguments: the Markdown file to write, the directory for the charts, then optionally {@code
   * --command <text>} (the command that produced the results), {@code --duration <text>} (how long
   * it took) and {@code --notes <file.md>} (Markdown written by hand, put after the goals: what
   * limits the missed ones), then one or more rounds (a JMH JSON file or a directory of them each).
   *
   * @param args see above
   * @throws IOException when a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    String command = "";
    String duration = "";
    String notes = "";
    List<Path> rounds = new ArrayList<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--command" -> command = args[++i];
        case "--duration" -> duration = args[++i];
        case "--notes" -> notes = Files.readString(Path.of(args[++i]), StandardCharsets.UTF_8);
        default -> positional.add(args[i]);
      }
    }
    if (positional.size() < 3) {
      System.err.println(
          "usage: ReportGenerator <BENCHMARKS.md> <chart-dir> [--command <text>]"
              + " [--duration <text>] [--notes <file.md>] <round.json | round-dir>...");
      System.exit(2);
    }
    Path markdown = Path.of(positional.get(0));
    Path chartDir = Path.of(positional.get(1));
    for (String round : positional.subList(2, positional.size())) {
      rounds.add(Path.of(round));
    }
    ReportGenerator generator = read(rounds);
    Files.createDirectories(chartDir);
    String text = generator.render(markdown, chartDir, command, duration, notes);
    Path parent = markdown.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(markdown, text, StandardCharsets.UTF_8);
    System.out.println("wrote " + markdown + " and charts in " + chartDir);
  }

  // ------------------------------------------------------------------ reading

  /** Reads the rounds: each a JSON file or a directory of JSON files. */
  static ReportGenerator read(List<Path> roundPaths) throws IOException {
    Map<String, Series> byKey = new LinkedHashMap<>();
    JsonObject first = null;
    List<Path> sources = new ArrayList<>();
    List<List<Result>> perRound = new ArrayList<>();
    for (int round = 0; round < roundPaths.size(); round++) {
      List<Result> results = new ArrayList<>();
      for (Path file : files(roundPaths.get(round))) {
        sources.add(file);
        for (JsonElement element : array(file)) {
          JsonObject o = element.getAsJsonObject();
          Result r = parse(o, round);
          if (r == null) {
            continue;
          }
          if (first == null && !"memory".equals(string(o, "mode", ""))) {
            first = o;
          }
          results.add(r);
        }
      }
      perRound.add(results);
    }
    for (List<Result> results : perRound) {
      for (Result r : results) {
        byKey.computeIfAbsent(r.key(), k -> new Series(r, roundPaths.size())).put(r);
      }
    }
    if (byKey.isEmpty()) {
      throw new IOException(roundPaths + " hold no benchmark results");
    }
    if (first == null) {
      first = new JsonObject();
    }
    return new ReportGenerator(new ArrayList<>(byKey.values()), roundPaths.size(), first, sources);
  }

  private static List<Path> files(Path round) throws IOException {
    if (!Files.isDirectory(round)) {
      return List.of(round);
    }
    try (Stream<Path> list = Files.list(round)) {
      List<Path> files =
          list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
      if (files.isEmpty()) {
        throw new IOException(round + " holds no .json files");
      }
      return files;
    }
  }

  private static JsonArray array(Path json) throws IOException {
    JsonElement root;
    try (Reader reader = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
      root = JsonParser.parseReader(reader);
    }
    if (!root.isJsonArray()) {
      throw new IOException(json + " is not a JMH result file (expected a JSON array)");
    }
    return root.getAsJsonArray();
  }

  private static Result parse(JsonObject o, int round) {
    String benchmark = string(o, "benchmark", null);
    JsonObject primary = o.has("primaryMetric") ? o.getAsJsonObject("primaryMetric") : null;
    if (benchmark == null || primary == null) {
      return null;
    }
    int dot = benchmark.lastIndexOf('.');
    String qualifiedClass = dot < 0 ? "" : benchmark.substring(0, dot);
    String className = qualifiedClass.substring(qualifiedClass.lastIndexOf('.') + 1);
    String method = benchmark.substring(dot + 1);
    Map<String, String> params = new TreeMap<>();
    if (o.has("params") && o.get("params").isJsonObject()) {
      for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("params").entrySet()) {
        params.put(e.getKey(), e.getValue().getAsString());
      }
    }
    for (String arg : strings(o, "jvmArgs")) {
      if (arg.startsWith(LABEL_PREFIX) && arg.indexOf('=') > LABEL_PREFIX.length()) {
        int eq = arg.indexOf('=');
        params.put(arg.substring(LABEL_PREFIX.length(), eq), arg.substring(eq + 1));
      }
    }
    Map<String, Double> secondary = new TreeMap<>();
    if (o.has("secondaryMetrics") && o.get("secondaryMetrics").isJsonObject()) {
      for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("secondaryMetrics").entrySet()) {
        if (e.getValue().isJsonObject()) {
          secondary.put(e.getKey(), number(e.getValue().getAsJsonObject(), "score"));
        }
      }
    }
    double alloc = secondary.getOrDefault("gc.alloc.rate.norm", Double.NaN);
    return new Result(
        className,
        method,
        params,
        (int) number(o, "threads", 1),
        number(primary, "score"),
        number(primary, "scoreError"),
        string(primary, "scoreUnit", "ops/s"),
        alloc,
        secondary,
        round);
  }

  private static double number(JsonObject o, String key) {
    return number(o, key, Double.NaN);
  }

  /** JMH writes "NaN" (a string) where it has no number; anything unreadable becomes the fallback. */
  private static double number(JsonObject o, String key, double fallback) {
    if (o == null || !o.has(key) || o.get(key).isJsonNull()) {
      return fallback;
    }
    try {
      return Double.parseDouble(o.get(key).getAsString());
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  private static String string(JsonObject o, String key, String fallback) {
    if (o == null || !o.has(key) || !o.get(key).isJsonPrimitive()) {
      return fallback;
    }
    return o.get(key).getAsString();
  }

  private static List<String> strings(JsonObject o, String key) {
    List<String> out = new ArrayList<>();
    if (o.has(key) && o.get(key).isJsonArray()) {
      for (JsonElement a : o.getAsJsonArray(key)) {
        out.add(a.getAsString());
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ grouping

  /** Series by workload (report order), then grouped. */
  Map<Workload, List<Group>> grouped() {
    Map<String, Workload> workloads = new LinkedHashMap<>();
    Map<String, List<Series>> byWorkload = new LinkedHashMap<>();
    for (Series s : series) {
      Workload w = Workloads.of(s.any().className());
      workloads.putIfAbsent(w.id(), w);
      byWorkload.computeIfAbsent(w.id(), k -> new ArrayList<>()).add(s);
    }
    List<String> ids = new ArrayList<>(byWorkload.keySet());
    ids.sort(
        Comparator.comparingInt(
            id -> Workloads.ORDER.contains(id) ? Workloads.ORDER.indexOf(id) : Integer.MAX_VALUE));
    Map<Workload, List<Group>> out = new LinkedHashMap<>();
    for (String id : ids) {
      out.put(workloads.get(id), group(byWorkload.get(id)));
    }
    return out;
  }

  private static List<Group> group(List<Series> rows) {
    Set<String> common = new LinkedHashSet<>(rows.get(0).any().params().keySet());
    for (Series s : rows) {
      common.retainAll(s.any().params().keySet());
    }
    boolean threadsVary = rows.stream().map(s -> s.any().threads()).distinct().count() > 1;
    Map<String, List<Series>> groups = new LinkedHashMap<>();
    for (Series s : rows) {
      Result r = s.any();
      List<String> parts = new ArrayList<>();
      if (!r.variant().isEmpty()) {
        parts.add(splitCamel(r.variant()));
      }
      for (String key : common) {
        parts.add(key + "=" + r.params().get(key));
      }
      if (threadsVary) {
        parts.add(r.threads() + (r.threads() == 1 ? " thread" : " threads"));
      }
      String name = parts.isEmpty() ? "all" : String.join(", ", parts);
      groups.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
    }
    List<Group> out = new ArrayList<>();
    for (Map.Entry<String, List<Series>> e : groups.entrySet()) {
      List<Series> sorted = new ArrayList<>(e.getValue());
      sorted.sort(
          Comparator.comparing(Series::role)
              .thenComparing(
                  Comparator.comparingDouble((Series s) -> s.score().median()).reversed()));
      out.add(new Group(e.getKey(), sorted));
    }
    return out;
  }

  /** A contender's display name: library, detail words, and its own parameters' values. */
  static String label(Result r, Set<String> groupParams) {
    String base =
        switch (r.contender()) {
          case "ours" -> "ours";
          case "netty" -> "Netty";
          case "okio" -> "Okio";
          case "jdk" -> "JDK";
          default -> r.contender();
        };
    StringBuilder sb = new StringBuilder(base);
    if (!r.detail().isEmpty()) {
      sb.append(' ').append(r.detail());
    }
    List<String> own =
        r.params().entrySet().stream()
            .filter(e -> !groupParams.contains(e.getKey()))
            .map(Map.Entry::getValue)
            .collect(Collectors.toList());
    if (!own.isEmpty()) {
      sb.append(" [").append(String.join(", ", own)).append(']');
    }
    return sb.toString();
  }

  /** {@code zeroCopy} to {@code zero-copy}, {@code newByteArray} to {@code new-byte-array}. */
  static String splitCamel(String s) {
    return s.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** The feature version of the JDK the results came from (e.g. 17), 0 when unknown. */
  int jdkMajor() {
    String version = string(first, "jdkVersion", "");
    int end = 0;
    while (end < version.length() && Character.isDigit(version.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(version.substring(0, Math.min(end, 9)));
  }

  // ------------------------------------------------------------------ rendering

  String render(Path markdown, Path chartDir, String command, String duration, String notes)
      throws IOException {
    Map<Workload, List<Group>> grouped = grouped();
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks: chunkedbuffer against Netty, Okio and the JDK\n\n");
    md.append("Generated by `io.github.chunkedbuffer.bench.report.ReportGenerator` from ")
        .append(sources.size())
        .append(" result file(s) of ")
        .append(rounds)
        .append(rounds == 1 ? " round" : " interleaved rounds")
        .append("; do not edit by hand. Throughput is operations per second (higher is better);")
        .append(" ± is JMH's 99.9% confidence half-width in the median round; *× ref* is the")
        .append(" throughput divided by the group's best peer (Netty or Okio) of the same round, or")
        .append(" by the best JDK limit where no peer ran, and *× floor* the same against the")
        .append(" floor; both are the median over the rounds, with the smallest and largest beside")
        .append(" them; *B/op* is `gc.alloc.rate.norm` from `-prof gc` (median over the rounds).\n\n");
    if (strings(first, "jvmArgs").stream().anyMatch(a -> a.startsWith("-Dbench.allowMissingPools=true"))) {
      md.append("> **Not for publishing:** run with `-Dbench.allowMissingPools=true`, so a missing")
          .append(" pool module was silently replaced by the unpooled allocator.\n\n");
    }
    if (rounds < 3) {
      md.append("> **Fewer than three rounds:** on a shared machine a ratio from ")
          .append(rounds == 1 ? "one run" : "two rounds")
          .append(" can be off by 30 %; publish only a run of three or more interleaved rounds.\n\n");
    }
    environment(md, command, duration);
    goals(md);
    if (!notes.isBlank()) {
      // Written by hand beside the results: what limits the goals that were missed.
      md.append(notes.strip()).append("\n\n");
    }
    summary(md, grouped);
    fairness(md);
    Path mdDir = markdown.toAbsolutePath().getParent();
    for (Map.Entry<Workload, List<Group>> e : grouped.entrySet()) {
      Workload w = e.getKey();
      md.append("## ").append(w.title()).append("\n\n");
      md.append(w.description()).append(' ').append(w.operationSentence()).append("\n\n");
      if (!w.memory()) {
        Path chart = chartDir.resolve(w.id() + ".png");
        Charts.ratioChart(w.title() + " (throughput ÷ reference, median of rounds)", e.getValue(), chart);
        String link =
            mdDir == null
                ? chart.toString()
                : mdDir.relativize(chart.toAbsolutePath()).toString().replace('\\', '/');
        md.append("![").append(w.id()).append(" ratios](").append(link).append(")\n\n");
      }
      for (Group g : e.getValue()) {
        if (w.memory()) {
          memoryTable(md, g);
        } else {
          table(md, w, g);
        }
      }
    }
    return md.toString();
  }

  private void environment(StringBuilder md, String command, String duration) {
    md.append("## Environment\n\n| | |\n|---|---|\n");
    // When this report was written, which `run.sh report` may do long after the run; the run's
    // own end is in the run time row.
    DateTimeFormatter minutes = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");
    row(md, "Report written", ZonedDateTime.now(ZoneOffset.UTC).format(minutes));
    row(
        md,
        "JDK",
        string(first, "jdkVersion", "?")
            + " — "
            + string(first, "vmName", "?")
            + " "
            + string(first, "vmVersion", ""));
    row(md, "CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
    row(
        md,
        "JMH",
        string(first, "jmhVersion", "?")
            + ": "
            + (int) number(first, "forks", 0)
            + " fork(s) per round, "
            + (int) number(first, "warmupIterations", 0)
            + " × "
            + string(first, "warmupTime", "?")
            + " warm-up, "
            + (int) number(first, "measurementIterations", 0)
            + " × "
            + string(first, "measurementTime", "?")
            + " measurement, mode "
            + string(first, "mode", "?"));
    row(
        md,
        "Rounds",
        rounds
            + (rounds == 1
                ? " (a single run)"
                : ", interleaved: each round runs every benchmark class once, then the next round"
                    + " starts; ratios are taken within a round"));
    if (!duration.isEmpty()) {
      row(md, "Run time", duration);
    }
    List<String> jvmArgs =
        strings(first, "jvmArgs").stream().filter(a -> !a.startsWith(LABEL_PREFIX)).toList();
    if (!jvmArgs.isEmpty()) {
      row(md, "JVM flags", "`" + String.join(" ", jvmArgs) + "`");
    }
    if (!command.isEmpty()) {
      row(md, "Command", "`" + command + "`");
    }
    md.append('\n');
  }

  private static void row(StringBuilder md, String key, String value) {
    md.append("| ").append(key).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: fall through to the architecture.
    }
    return System.getProperty("os.arch", "unknown CPU");
  }

  private void goals(StringBuilder md) {
    md.append("## Goals\n\n");
    md.append("Each ratio is taken within a round (ours ÷ the reference's best contender of that")
        .append(" round) and the median over the rounds decides; the range is the smallest and")
        .append(" largest round.\n\n");
    md.append("| goal | target | measured (median) | range | B/op | status |\n");
    md.append("|---|---|---|---:|---:|---|\n");
    for (Outcome o : Goals.evaluate(series, jdkMajor())) {
      md.append("| ")
          .append(o.goal().name())
          .append(o.label().isEmpty() ? "" : " (" + o.label() + ")")
          .append(" | ")
          .append(o.goal().target())
          .append(" | ")
          .append(o.measured())
          .append(" | ")
          .append(o.ratio().ratioRange())
          .append(" | ")
          .append(o.bytesPerOp().isEmpty() ? "—" : formatBytes(o.bytesPerOp().median()))
          .append(" | ")
          .append(o.status().startsWith("MET") ? "**" + o.status() + "**" : o.status())
          .append(" |\n");
    }
    md.append('\n');
  }

  private void summary(StringBuilder md, Map<Workload, List<Group>> grouped) {
    md.append("## Summary: ours against the reference\n\n");
    md.append("| workload | group | ours | throughput | × ref | range | reference |\n");
    md.append("|---|---|---|---:|---:|---:|---|\n");
    StringBuilder floors = new StringBuilder();
    for (Map.Entry<Workload, List<Group>> e : grouped.entrySet()) {
      if (e.getKey().memory()) {
        continue;
      }
      for (Group g : e.getValue()) {
        Set<String> gp = g.sharedParams();
        for (Series s : g.byRole(Role.OURS)) {
          Spread ratio = g.ratio(s);
          md.append("| ")
              .append(e.getKey().id())
              .append(" | ")
              .append(g.name())
              .append(" | ")
              .append(label(s.any(), gp))
              .append(" | ")
              .append(formatScore(s.score().median()))
              .append(' ')
              .append(s.any().unit())
              .append(" | **")
              .append(ratio.ratio())
              .append("** | ")
              .append(ratio.ratioRange())
              .append(" | ")
              .append(g.referenceNames())
              .append(" (")
              .append(g.referenceKind())
              .append(") |\n");
          Spread floor = g.floorRatio(s);
          if (!floor.isEmpty()) {
            floors
                .append("| ")
                .append(e.getKey().id())
                .append(" | ")
                .append(g.name())
                .append(" | ")
                .append(label(s.any(), gp))
                .append(" | **")
                .append(floor.ratio())
                .append("** | ")
                .append(floor.ratioRange())
                .append(" |\n");
          }
        }
      }
    }
    md.append('\n');
    if (floors.length() > 0) {
      md.append("### Copy workloads against their floor\n\n")
          .append("The floor copies each write into one buffer and each message out into a new")
          .append(" `byte[]`, with the message boundaries known in advance: no search, no parsing.")
          .append(" A copying parser cannot beat it.\n\n")
          .append("| workload | group | ours | × floor | range |\n|---|---|---|---:|---:|\n")
          .append(floors)
          .append('\n');
    }
  }

  private static void fairness(StringBuilder md) {
    md.append("## How each contender runs\n\n");
    md.append(
        "- Every benchmark thread is a Netty `FastThreadLocalThread` (JMH's `-Djmh.executor=CUSTOM`"
            + " with `FastThreadExecutor`), so Netty gets the thread caches, magazines and recycled"
            + " slices its event-loop code gets; ours and Okio run on the same threads. A trial on"
            + " any other thread fails.\n"
            + "- Each fork has a fixed, pre-touched heap (`-Xms1g -Xmx1g -Xmn128m"
            + " -XX:+AlwaysPreTouch`); Netty's leak detection is off, as ours runs with debug checks"
            + " off. On JDK 24+ `run.sh` adds `--sun-misc-unsafe-memory-access=allow`, without which"
            + " Netty 4.2 turns its `Unsafe` paths off (and `buffer()` would give heap buffers).\n"
            + "- The comparison runs in interleaved rounds: each round runs every benchmark class in"
            + " one fork, then the next round starts; ratios are taken within a round, and the"
            + " median over the rounds is reported with its range.\n"
            + "- The same seeded input goes through every contender; each copies a write in once"
            + " (ours `Pipe.write`, Netty `ByteBuf.writeBytes`, Okio `Buffer.write`, JDK"
            + " `ByteBuffer.put`) and each checks what it delivered (count, lengths, end bytes).\n"
            + "- Ours: a pipe with default chunk sizes from the `heap` pool (`-Dbench.pool` changes"
            + " it); lines with `readUntil`/`readUntilZeroCopy`, frame headers in place with"
            + " `findByte`/`byteAt`/`skip`, payloads with `readExact`/`readExactZeroCopy`; views"
            + " closed after use. *ours view*: the same reads into the pipe's one borrowed"
            + " `ByteView` (`readUntil(..., view)`, `readExact(n, view)`), which allocates nothing"
            + " and counts no references.\n"
            + "- Netty 4.2: a cumulation buffer kept as `ByteToMessageDecoder` keeps it"
            + " (`writeBytes`, `discardSomeReadBytes` after each read), searched with `indexOf` from"
            + " the offset the last search reached (`LineBasedFrameDecoder`), RESP headers parsed in"
            + " place (`RedisDecoder`), `readBytes(byte[])` or `readRetainedSlice` (released after"
            + " use). Four variants: `AdaptiveByteBufAllocator` (the 4.2 default) and"
            + " `PooledByteBufAllocator`, each with `buffer()` (what `ByteToMessageDecoder` asks"
            + " for: direct where Netty uses `Unsafe`) and `heapBuffer()`; the best of each round is"
            + " the reference.\n"
            + "- Okio 3: one `Buffer`, `indexOf` resumed where the last search stopped,"
            + " `readDecimalLong` for RESP lengths, `readByteArray` or `read(sink, n)` into a new"
            + " `Buffer` (its zero-copy: whole segments move, small ones are copied), cleared after"
            + " use.\n"
            + "- JDK rows are baselines, limits and floors, not peers: a hand-written heap"
            + " `ByteBuffer` with `compact()` (its slices are valid only until the next compact), the"
            + " two-copy floor of the copy workloads (message boundaries known in advance),"
            + " `String.indexOf` and `Arrays.mismatch` for searching, `new byte[]`/`allocateDirect`"
            + " for pools, `System.arraycopy` for copying.\n\n");
  }

  private static void table(StringBuilder md, Workload w, Group g) {
    Set<String> gp = g.sharedParams();
    boolean rate = w.bytesPerOp() > 0;
    boolean floor = g.floor() != null;
    boolean hits = g.rows().stream().anyMatch(s -> !s.secondary("poolHits").isEmpty());
    md.append("### ").append(g.name()).append("\n\n");
    List<String> columns = new ArrayList<>(List.of("contender", "role", "throughput", "±"));
    if (rate) {
      columns.add("GB/s");
    }
    columns.addAll(List.of("× ref", "range"));
    if (floor) {
      columns.add("× floor");
    }
    columns.add("B/op");
    if (hits) {
      columns.add("pool hit rate");
    }
    header(md, columns, 2);
    for (Series s : g.rows()) {
      Result r = s.any();
      Spread score = s.score();
      Spread ratio = g.ratio(s);
      md.append("| ")
          .append(r.role() == Role.OURS ? "**" + label(r, gp) + "**" : label(r, gp))
          .append(" | ")
          .append(roleName(r))
          .append(" | ")
          .append(formatScore(score.median()))
          .append(' ')
          .append(r.unit())
          .append(" | ")
          .append(formatScore(s.medianError()))
          .append(" | ");
      if (rate) {
        md.append(String.format(Locale.ROOT, "%.2f", score.median() * w.bytesPerOp() / 1e9))
            .append(" | ");
      }
      md.append(ratio.ratio()).append(" | ").append(ratio.ratioRange()).append(" | ");
      if (floor) {
        md.append(g.floorRatio(s).ratio()).append(" | ");
      }
      Spread alloc = s.bytesPerOp();
      md.append(alloc.isEmpty() ? "—" : formatBytes(alloc.median())).append(" |");
      if (hits) {
        double h = s.secondarySum("poolHits");
        double m = s.secondarySum("poolMisses");
        md.append(' ')
            .append(
                Double.isNaN(h) || Double.isNaN(m) || h + m == 0
                    ? "—"
                    : String.format(Locale.ROOT, "%.1f %%", 100 * h / (h + m)))
            .append(" |");
      }
      md.append('\n');
    }
    md.append("\nReference (")
        .append(g.referenceKind())
        .append(" of each round): ")
        .append(g.referenceNames())
        .append(".\n\n");
  }

  /** A memory workload: what the connections hold, per contender (median over the rounds). */
  private static void memoryTable(StringBuilder md, Group g) {
    Set<String> gp = g.sharedParams();
    md.append("### ").append(g.name()).append("\n\n");
    header(
        md,
        List.of(
            "contender",
            "B held / connection",
            "chunks or buffers held",
            "bytes held",
            "pool or allocator memory in use (change)",
            "Java heap / connection"),
        1);
    for (Series s : g.rows()) {
      Result r = s.any();
      md.append("| ")
          .append(r.role() == Role.OURS ? "**" + label(r, gp) + "**" : label(r, gp))
          .append(" | ")
          .append(formatCount(s.score().median()))
          .append(" | ")
          .append(formatCount(s.secondary("chunks held").median()))
          .append(" | ")
          .append(formatCount(s.secondary("bytes held").median()))
          .append(" | ")
          .append(formatCount(s.secondary("memory in use").median()))
          .append(" | ")
          .append(formatCount(s.secondary("heap per connection").median()))
          .append(" |\n");
    }
    md.append('\n');
  }

  /** A table's header row and alignment row; the first {@code left} columns are left-aligned. */
  private static void header(StringBuilder md, List<String> columns, int left) {
    md.append("| ").append(String.join(" | ", columns)).append(" |\n|");
    for (int i = 0; i < columns.size(); i++) {
      md.append(i < left ? "---|" : "---:|");
    }
    md.append('\n');
  }

  private static String roleName(Result r) {
    return switch (r.role()) {
      case OURS -> "ours";
      case PEER -> "peer";
      case LIMIT -> r.isFloor() ? "floor" : "JDK baseline";
    };
  }

  static String formatScore(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  static String formatBytes(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f", v);
  }

  static String formatCount(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%,.0f", v);
  }
}
