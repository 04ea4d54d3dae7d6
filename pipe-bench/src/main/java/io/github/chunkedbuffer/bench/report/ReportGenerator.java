package io.github.chunkedbuffer.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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

/**
 * Turns a JMH JSON result file into {@code BENCHMARKS.md}: per workload a table of throughput with
 * its error, the ratio to the best peer (Netty or Okio) and the bytes allocated per operation, plus a
 * bar chart of the ratios (PNG, drawn with JFreeChart).
 *
 * <pre>
 * java -Djava.awt.headless=true -cp pipe-bench/target/benchmarks.jar \
 *     io.github.chunkedbuffer.bench.report.ReportGenerator \
 *     bench-results/jmh-result.json BENCHMARKS.md bench-results [--command "pipe-bench/run.sh long"]
 * </pre>
 *
 * <p>Results are grouped by workload (benchmark class), then by variant (the method name's part
 * before the contender, e.g. {@code copy}), by the parameters every benchmark of the workload has
 * (e.g. {@code target}) and by thread count where it varies. Within a group the reference is the
 * fastest peer; where no peer ran (bulk) it is the fastest JDK limit.
 */
public final class ReportGenerator {

  private final List<Result> results;
  private final JsonObject first;
  private final Path json;

  private ReportGenerator(Path json, List<Result> results, JsonObject first) {
    this.json = json;
    this.results = results;
    this.first = first;
  }

  /**
   * Arguments: the JMH JSON file, the Markdown file to write, the directory for the charts, and
   * optionally {@code --command <text>} naming the command that produced the results.
   */
  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    if (args.length < 3) {
      System.err.println(
          "usage: ReportGenerator <jmh-result.json> <BENCHMARKS.md> <chart-dir> [--command <text>]");
      System.exit(2);
    }
    String command = "";
    for (int i = 3; i + 1 < args.length; i += 2) {
      if (args[i].equals("--command")) {
        command = args[i + 1];
      }
    }
    Path json = Path.of(args[0]);
    Path markdown = Path.of(args[1]);
    Path chartDir = Path.of(args[2]);
    ReportGenerator generator = read(json);
    Files.createDirectories(chartDir);
    String text = generator.render(markdown, chartDir, command);
    Path parent = markdown.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(markdown, text, StandardCharsets.UTF_8);
    System.out.println("wrote " + markdown + " and charts in " + chartDir);
  }

  // ------------------------------------------------------------------ reading

  static ReportGenerator read(Path json) throws IOException {
    JsonElement root;
    try (Reader reader = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
      root = JsonParser.parseReader(reader);
    }
    if (!root.isJsonArray() || root.getAsJsonArray().isEmpty()) {
      throw new IOException(json + " holds no JMH results (expected a non-empty JSON array)");
    }
    JsonArray array = root.getAsJsonArray();
    List<Result> results = new ArrayList<>();
    for (JsonElement element : array) {
      Result result = parse(element.getAsJsonObject());
      if (result != null) {
        results.add(result);
      }
    }
    return new ReportGenerator(json, results, array.get(0).getAsJsonObject());
  }

  private static Result parse(JsonObject o) {
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
    double alloc = Double.NaN;
    if (o.has("secondaryMetrics") && o.get("secondaryMetrics").isJsonObject()) {
      JsonObject secondary = o.getAsJsonObject("secondaryMetrics");
      if (secondary.has("gc.alloc.rate.norm")) {
        alloc = number(secondary.getAsJsonObject("gc.alloc.rate.norm"), "score");
      }
    }
    return new Result(
        className,
        method,
        params,
        (int) number(o, "threads", 1),
        number(primary, "score"),
        number(primary, "scoreError"),
        string(primary, "scoreUnit", "ops/s"),
        alloc);
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

  // ------------------------------------------------------------------ grouping

  /** One table: the results that compete with each other. */
  record Group(String name, List<Result> rows) {

    /** The reference score: the best peer, else the best limit; NaN when neither ran. */
    double reference() {
      return best(Role.PEER) != null ? best(Role.PEER).score() : bestScore(Role.LIMIT);
    }

    String referenceKind() {
      return best(Role.PEER) != null ? "best peer" : "best JDK limit";
    }

    Result best(Role role) {
      return rows.stream()
          .filter(r -> r.role() == role && !Double.isNaN(r.score()))
          .max(Comparator.comparingDouble(Result::score))
          .orElse(null);
    }

    private double bestScore(Role role) {
      Result r = best(role);
      return r == null ? Double.NaN : r.score();
    }
  }

  /** Results by workload id (report order), then grouped. */
  Map<Workload, List<Group>> grouped() {
    Map<String, Workload> workloads = new LinkedHashMap<>();
    Map<String, List<Result>> byWorkload = new LinkedHashMap<>();
    for (Result r : results) {
      Workload w = Workloads.of(r.className());
      workloads.putIfAbsent(w.id(), w);
      byWorkload.computeIfAbsent(w.id(), k -> new ArrayList<>()).add(r);
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

  private static List<Group> group(List<Result> rows) {
    Set<String> common = new LinkedHashSet<>(rows.get(0).params().keySet());
    for (Result r : rows) {
      common.retainAll(r.params().keySet());
    }
    boolean threadsVary = rows.stream().map(Result::threads).distinct().count() > 1;
    Map<String, List<Result>> groups = new LinkedHashMap<>();
    for (Result r : rows) {
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
      groups.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
    }
    List<Group> out = new ArrayList<>();
    for (Map.Entry<String, List<Result>> e : groups.entrySet()) {
      List<Result> sorted = new ArrayList<>(e.getValue());
      sorted.sort(
          Comparator.comparing(Result::role)
              .thenComparing(Comparator.comparingDouble(Result::score).reversed()));
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

  private static Set<String> groupParams(Group g) {
    Set<String> common = new LinkedHashSet<>(g.rows().get(0).params().keySet());
    for (Result r : g.rows()) {
      common.retainAll(r.params().keySet());
    }
    return common;
  }

  /** {@code zeroCopy} to {@code zero-copy}, {@code newByteArray} to {@code new-byte-array}. */
  static String splitCamel(String s) {
    return s.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  // ------------------------------------------------------------------ rendering

  String render(Path markdown, Path chartDir, String command) throws IOException {
    Map<Workload, List<Group>> grouped = grouped();
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks: chunkedbuffer against Netty, Okio and the JDK\n\n");
    md.append("Generated by `io.github.chunkedbuffer.bench.report.ReportGenerator` from `")
        .append(json.getFileName())
        .append("`; do not edit by hand. Throughput is operations per second (higher is better);")
        .append(" ± is JMH's 99.9% confidence half-width; *× ref* is the throughput divided by the")
        .append(" group's best peer (Netty or Okio), or by the best JDK limit where no peer ran;")
        .append(" *B/op* is `gc.alloc.rate.norm` from `-prof gc`. Quote ratios from one run only.\n\n");
    if (jvmArgs().stream().anyMatch(a -> a.startsWith("-Dbench.allowMissingPools=true"))) {
      md.append("> **Not for publishing:** run with `-Dbench.allowMissingPools=true`, so a missing")
          .append(" pool module was silently replaced by the unpooled allocator.\n\n");
    }
    environment(md, command);
    summary(md, grouped);
    fairness(md);
    Path mdDir = markdown.toAbsolutePath().getParent();
    for (Map.Entry<Workload, List<Group>> e : grouped.entrySet()) {
      Workload w = e.getKey();
      md.append("## ").append(w.title()).append("\n\n");
      md.append(w.description()).append(" One operation is ").append(w.operation()).append(".\n\n");
      Path chart = chartDir.resolve(w.id() + ".png");
      Charts.ratioChart(w.title() + " (throughput ÷ reference)", e.getValue(), chart);
      String link =
          mdDir == null
              ? chart.toString()
              : mdDir.relativize(chart.toAbsolutePath()).toString().replace('\\', '/');
      md.append("![").append(w.id()).append(" ratios](").append(link).append(")\n\n");
      for (Group g : e.getValue()) {
        table(md, w, g);
      }
    }
    return md.toString();
  }

  private void environment(StringBuilder md, String command) {
    md.append("## Environment\n\n| | |\n|---|---|\n");
    row(md, "Date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
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
            + " fork(s), "
            + (int) number(first, "warmupIterations", 0)
            + " × "
            + string(first, "warmupTime", "?")
            + " warm-up, "
            + (int) number(first, "measurementIterations", 0)
            + " × "
            + string(first, "measurementTime", "?")
            + " measurement, mode "
            + string(first, "mode", "?"));
    List<String> jvmArgs = jvmArgs();
    if (!jvmArgs.isEmpty()) {
      row(md, "JVM flags", "`" + String.join(" ", jvmArgs) + "`");
    }
    if (!command.isEmpty()) {
      row(md, "Command", "`" + command + "`");
    }
    md.append('\n');
  }

  /** The forked JVMs' flags as JMH recorded them (from the first result). */
  private List<String> jvmArgs() {
    List<String> args = new ArrayList<>();
    if (first.has("jvmArgs") && first.get("jvmArgs").isJsonArray()) {
      for (JsonElement a : first.getAsJsonArray("jvmArgs")) {
        args.add(a.getAsString());
      }
    }
    return args;
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

  private static void summary(StringBuilder md, Map<Workload, List<Group>> grouped) {
    md.append("## Summary: ours against the reference\n\n");
    md.append("| workload | group | ours | throughput | × ref | reference |\n");
    md.append("|---|---|---|---:|---:|---|\n");
    for (Map.Entry<Workload, List<Group>> e : grouped.entrySet()) {
      for (Group g : e.getValue()) {
        Set<String> gp = groupParams(g);
        Result ref = g.best(Role.PEER) != null ? g.best(Role.PEER) : g.best(Role.LIMIT);
        for (Result r : g.rows()) {
          if (r.role() != Role.OURS) {
            continue;
          }
          md.append("| ")
              .append(e.getKey().id())
              .append(" | ")
              .append(g.name())
              .append(" | ")
              .append(label(r, gp))
              .append(" | ")
              .append(formatScore(r.score()))
              .append(' ')
              .append(r.unit())
              .append(" | **")
              .append(formatRatio(r.score() / g.reference()))
              .append("** | ")
              .append(ref == null ? "—" : label(ref, gp) + " (" + g.referenceKind() + ")")
              .append(" |\n");
        }
      }
    }
    md.append('\n');
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
            + " Netty 4.2 turns its `Unsafe` paths off.\n"
            + "- The same seeded input goes through every contender; each copies a write in once"
            + " (ours `Pipe.write`, Netty `ByteBuf.writeBytes`, Okio `Buffer.write`, JDK"
            + " `ByteBuffer.put`) and each checks what it delivered (count, lengths, end bytes).\n"
            + "- Ours: a pipe with default chunk sizes from the `heap` pool (`-Dbench.pool` changes"
            + " it); lines with `readUntil`/`readUntilZeroCopy`, frame headers in place with"
            + " `findByte`/`byteAt`/`skip`, payloads with `readExact`/`readExactZeroCopy`; views"
            + " closed after use.\n"
            + "- Netty 4.2: a heap cumulation buffer kept as `ByteToMessageDecoder` keeps it"
            + " (`writeBytes`, `discardSomeReadBytes` after each read), searched with `indexOf` from"
            + " the offset the last search reached (`LineBasedFrameDecoder`), RESP headers parsed in"
            + " place (`RedisDecoder`), `readBytes(byte[])` or `readRetainedSlice` (released after"
            + " use); both `AdaptiveByteBufAllocator` (the 4.2 default) and `PooledByteBufAllocator`"
            + " run, and the better one is the reference. Heap buffers, like ours, Okio's and the"
            + " JDK baseline's.\n"
            + "- Okio 3: one `Buffer`, `indexOf` resumed where the last search stopped,"
            + " `readDecimalLong` for RESP lengths, `readByteArray` or `read(sink, n)` into a new"
            + " `Buffer` (its zero-copy: whole segments move, small ones are copied), cleared after"
            + " use.\n"
            + "- JDK rows are baselines and limits, not peers: a hand-written heap `ByteBuffer` with"
            + " `compact()` (its slices are valid only until the next compact), `String.indexOf` and"
            + " `Arrays.mismatch` for searching, `new byte[]`/`allocateDirect` for pools,"
            + " `System.arraycopy` for copying.\n\n");
  }

  private static void table(StringBuilder md, Workload w, Group g) {
    Set<String> gp = groupParams(g);
    boolean rate = w.bytesPerOp() > 0;
    md.append("### ").append(g.name()).append("\n\n");
    md.append("| contender | role | throughput | ± | ")
        .append(rate ? "GB/s | " : "")
        .append("× ref | B/op |\n");
    md.append("|---|---|---:|---:|").append(rate ? "---:|" : "").append("---:|---:|\n");
    double reference = g.reference();
    for (Result r : g.rows()) {
      md.append("| ")
          .append(r.role() == Role.OURS ? "**" + label(r, gp) + "**" : label(r, gp))
          .append(" | ")
          .append(roleName(r.role()))
          .append(" | ")
          .append(formatScore(r.score()))
          .append(' ')
          .append(r.unit())
          .append(" | ")
          .append(Double.isNaN(r.error()) ? "—" : formatScore(r.error()))
          .append(" | ");
      if (rate) {
        md.append(String.format(Locale.ROOT, "%.2f", r.score() * w.bytesPerOp() / 1e9)).append(" | ");
      }
      md.append(formatRatio(r.score() / reference))
          .append(" | ")
          .append(Double.isNaN(r.bytesPerOp()) ? "—" : String.format(Locale.ROOT, "%.1f", r.bytesPerOp()))
          .append(" |\n");
    }
    Result ref = g.best(Role.PEER) != null ? g.best(Role.PEER) : g.best(Role.LIMIT);
    md.append("\nReference (")
        .append(g.referenceKind())
        .append("): ")
        .append(ref == null ? "none" : label(ref, gp))
        .append(".\n\n");
  }

  private static String roleName(Role role) {
    return switch (role) {
      case OURS -> "ours";
      case PEER -> "peer";
      case LIMIT -> "JDK baseline";
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

  static String formatRatio(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "—" : String.format(Locale.ROOT, "%.2f×", v);
  }
}
