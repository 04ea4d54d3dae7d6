#!/usr/bin/env bash
# Builds pipe-bench, runs the benchmarks against Netty, Okio and the JDK in interleaved rounds, and
# writes the results, the charts and BENCHMARKS.md (BENCHMARKS-jdk<N>.md on a JDK other than 17).
#
#   pipe-bench/run.sh [short|medium|long|smoke|report|list] [jdk-home] [entry...]
#
# A run is ROUNDS rounds (default 3). Each round runs every entry once, one JMH fork each (-f 1),
# then the next round starts: round 1 runs every class, round 2 runs every class again, and so on.
# A slow spell of this shared machine then hits one round of every contender instead of every
# round of one. The report takes each ratio within a round and gives the median over the rounds
# with its range. Each round's JSON and JMH output are kept in $OUT/rounds/round-<r>/.
#
#   mode    per fork                          full run of 3 rounds on 2 cores (estimated)
#   short   2 x 1 s warm-up, 3 x 1 s measure  about 30-35 minutes
#   medium  3 x 1 s warm-up, 5 x 1 s measure  about 45-50 minutes
#   long    5 x 2 s warm-up, 5 x 2 s measure  about 85-95 minutes
#   smoke   1 x 1 s warm-up, 1 x 1 s measure  one round by default: only checks that all runs
#   report  no build, no run: rewrites the report from the rounds in $OUT/rounds
#   list    no build, no run: prints the entries a run would run, with their extra fork flags
#
# Entries are benchmark classes (LinesBench, FramesBench, ...), IdleConnections (a plain program
# that measures memory, not JMH), or CLASS:vector: that class with the vector module
# ($BENCH_VECTOR_ARGS, default "--add-modules jdk.incubator.vector"). When a class runs both ways,
# its rows are labelled vector=off and vector=on. Without entries: every class below, then any other
# *Bench class in the jar, then IdleConnections; FindVectorBench (our search in forks with the
# vector module, beside FindBench's without it) only on JDK 21+. For the vector module on and off
# across a whole workload, e.g. BENCH_CLASSES="LinesBench LinesBench:vector FindBench ...".
#
# jdk-home (optional) is the JDK that builds and runs everything; otherwise $JAVA_HOME, else `java`.
# Environment: ROUNDS (3; smoke: 1); BENCH_OUT (default <repo>/bench-results, on JDK N != 17
# <repo>/bench-results/jdkN) for rounds and charts; BENCH_REPORT (default <repo>/BENCHMARKS.md, on
# JDK N != 17 <repo>/BENCHMARKS-jdkN.md); BENCH_CLASSES (the entries, space-separated, instead of
# the default); BENCH_JVM_ARGS (extra flags for every fork, e.g. -Dbench.pool=direct);
# BENCH_JMH_ARGS (extra JMH options for every JMH run, e.g. "-p mode=plain"); BENCH_NOTES (default
# pipe-bench/goal-notes-jdkN.md: Markdown written by hand on what limits the missed goals, put in
# the report after the goals when the file exists; `report` mode rewrites the report with it). Run
# it on a quiet machine: other processes on these 2 cores show up in the numbers.
set -euo pipefail

MODE=${1:-short}
[ $# -gt 0 ] && shift
if [ $# -gt 0 ] && [ -d "$1" ]; then
  export JAVA_HOME
  JAVA_HOME=$(cd "$1" && pwd)
  shift
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

case "$MODE" in
  short) ITERATIONS=(-wi 2 -w 1s -i 3 -r 1s) ;;
  medium) ITERATIONS=(-wi 3 -w 1s -i 5 -r 1s) ;;
  long) ITERATIONS=(-wi 5 -w 2s -i 5 -r 2s) ;;
  smoke) ITERATIONS=(-wi 1 -w 1s -i 1 -r 1s) ;;
  report | list) ITERATIONS=() ;;
  *)
    echo "usage: $0 [short|medium|long|smoke|report|list] [jdk-home] [entry...]" >&2
    exit 2
    ;;
esac
if [ "$MODE" = smoke ]; then
  ROUNDS=${ROUNDS:-1}
else
  ROUNDS=${ROUNDS:-3}
fi
case "$ROUNDS" in
  '' | *[!0-9]* | 0)
    echo "ROUNDS must be a positive number, not '$ROUNDS'" >&2
    exit 2
    ;;
esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$ROOT/pipe-bench/target/benchmarks.jar
JDK_MAJOR=$("$JAVA" -XshowSettings:properties -version 2>&1 |
  sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
if [ "$JDK_MAJOR" = 17 ]; then
  OUT=${BENCH_OUT:-$ROOT/bench-results}
  REPORT=${BENCH_REPORT:-$ROOT/BENCHMARKS.md}
else
  OUT=${BENCH_OUT:-$ROOT/bench-results/jdk$JDK_MAJOR}
  REPORT=${BENCH_REPORT:-$ROOT/BENCHMARKS-jdk$JDK_MAJOR.md}
fi
ROUNDS_DIR=$OUT/rounds
NOTES=${BENCH_NOTES:-$ROOT/pipe-bench/goal-notes-jdk$JDK_MAJOR.md}
VECTOR_ARGS=${BENCH_VECTOR_ARGS:---add-modules jdk.incubator.vector}
# The flags of every fork (AbstractBench's @Fork), for the programs run outside JMH.
FORK_FLAGS=(-Xms1g -Xmx1g -Xmn128m -XX:+AlwaysPreTouch -Dio.netty.leakDetection.level=disabled)

report() {
  local rounds=() duration=""
  for dir in "$ROUNDS_DIR"/round-*; do
    [ -d "$dir" ] && rounds+=("$dir")
  done
  if [ ${#rounds[@]} -eq 0 ]; then
    echo "no rounds in $ROUNDS_DIR" >&2
    exit 1
  fi
  [ -s "$ROUNDS_DIR/duration.txt" ] && duration=$(cat "$ROUNDS_DIR/duration.txt")
  local command
  command=$(cat "$ROUNDS_DIR/command.txt" 2>/dev/null || echo "pipe-bench/run.sh $MODE")
  echo "== writing $REPORT from ${#rounds[@]} round(s)"
  # Notes written by hand on what limits the missed goals, for this JDK, when there are any.
  local notes=()
  [ -s "$NOTES" ] && notes=(--notes "$NOTES")
  "$JAVA" -Djava.awt.headless=true -cp "$JAR" io.github.chunkedbuffer.bench.report.ReportGenerator \
    "$REPORT" "$OUT" --command "$command" --duration "$duration" "${notes[@]}" "${rounds[@]}"
}

if [ "$MODE" = report ]; then
  report
  exit 0
fi

if [ "$MODE" != list ]; then
  echo "== building pipe-bench with $("$JAVA" -version 2>&1 | head -1)"
  # Maven's own Guava warns about sun.misc.Unsafe on JDK 24+ unless told (see CONTRIBUTING.md).
  maven_opts=${MAVEN_OPTS:-}
  if "$JAVA" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
    maven_opts="--sun-misc-unsafe-memory-access=allow $maven_opts"
  fi
  (cd "$ROOT" && MAVEN_OPTS="$maven_opts" mvn -B -q -ntp -pl pipe-bench -am package -DskipTests \
    -Dstress.skip=true)
elif [ ! -f "$JAR" ]; then
  echo "no $JAR: build it first (any other mode builds it)" >&2
  exit 1
fi

# Flags every fork gets in front of the @Fork(jvmArgsAppend) ones (a command-line -jvmArgsAppend
# would replace those, so extras go here).
PREPEND="${BENCH_JVM_ARGS:-}"
# Netty 4.2 turns its Unsafe paths off on JDK 24+ unless this is given; its users who care about
# speed give it. The flag is unknown before JDK 23, so add it only where accepted.
if "$JAVA" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  PREPEND="--sun-misc-unsafe-memory-access=allow $PREPEND"
fi

# The entries: given, from BENCH_CLASSES, or the default list plus any other class in the jar.
mapfile -t IN_JAR < <("$JAVA" -jar "$JAR" -l 2>/dev/null |
  sed -n 's/^io\.github\.chunkedbuffer\.bench\.\([A-Za-z0-9]*Bench\)\..*/\1/p' | sort -u)
ENTRIES=("$@")
if [ ${#ENTRIES[@]} -eq 0 ] && [ -n "${BENCH_CLASSES:-}" ]; then
  read -r -a ENTRIES <<<"$BENCH_CLASSES"
fi
if [ ${#ENTRIES[@]} -eq 0 ]; then
  # FindVectorBench adds the vector module to its own forks and fails before JDK 21.
  SKIP=""
  [ "$JDK_MAJOR" -lt 21 ] && SKIP=FindVectorBench
  for class in LinesBench FramesBench FindBench FindVectorBench PoolOneThreadBench \
    PoolTwoThreadsBench BulkBench ManyConnectionsBench TypedReadsBench; do
    for found in "${IN_JAR[@]}"; do
      [ "$found" = "$class" ] && [ "$class" != "$SKIP" ] && ENTRIES+=("$class")
    done
  done
  for found in "${IN_JAR[@]}"; do
    case " ${ENTRIES[*]} $SKIP " in
      *" $found "*) ;;
      *) ENTRIES+=("$found") ;;
    esac
  done
  ENTRIES+=(IdleConnections)
fi

# Prints the fork flags of entry $1: the common ones, and a variant's and its label.
entry_flags() {
  local entry=$1 class=${1%%:*} variant="" flags=$PREPEND
  [ "$entry" != "$class" ] && variant=${entry#*:}
  case "$variant" in
    "") case " ${ENTRIES[*]} " in
          *" $class:vector "*) flags="-Dbench.label.vector=off $flags" ;;
        esac ;;
    vector) flags="-Dbench.label.vector=on $VECTOR_ARGS $flags" ;;
    *)
      echo "unknown variant '$variant' in entry '$entry' (known: vector)" >&2
      return 1
      ;;
  esac
  echo "$flags"
}

for entry in "${ENTRIES[@]}"; do
  case " ${IN_JAR[*]} IdleConnections " in
    *" ${entry%%:*} "*) ;;
    *)
      echo "no benchmark class '${entry%%:*}' in $JAR; found: ${IN_JAR[*]} IdleConnections" >&2
      exit 2
      ;;
  esac
  flags=$(entry_flags "$entry") || exit 2
  [ "$MODE" = list ] && echo "$entry: $flags"
done
[ "$MODE" = list ] && exit 0

# Runs entry $1 of round $2 into $ROUNDS_DIR/round-$2/<entry>.{json,txt}; returns non-zero on failure.
run_entry() {
  local entry=$1 round=$2 class=${1%%:*} flags
  local dir=$ROUNDS_DIR/round-$round name=${entry//:/-}
  flags=$(entry_flags "$entry") || return 1
  if [ "$class" = IdleConnections ]; then
    # shellcheck disable=SC2086 # $flags is a list of JVM flags
    "$JAVA" $flags "${FORK_FLAGS[@]}" -cp "$JAR" io.github.chunkedbuffer.bench.IdleConnections \
      "$dir/$name.json" >"$dir/$name.txt" 2>&1
    return
  fi
  local prepend=()
  if [ -n "${flags// /}" ]; then
    prepend=(-jvmArgsPrepend "$flags")
  fi
  # shellcheck disable=SC2086 # BENCH_JMH_ARGS is a list of JMH options
  "$JAVA" -jar "$JAR" -f 1 "${ITERATIONS[@]}" -prof gc ${prepend[@]+"${prepend[@]}"} \
    -rf json -rff "$dir/$name.json" ${BENCH_JMH_ARGS:-} "io\\.github\\.chunkedbuffer\\.bench\\.$class\\." \
    >"$dir/$name.txt" 2>&1
}

rm -rf "$ROUNDS_DIR"
# Results of the single-run layout (before rounds) would be stale next to the new ones.
rm -f "$OUT/jmh-result.json" "$OUT/jmh-output.txt"
mkdir -p "$ROUNDS_DIR"
COMMAND="pipe-bench/run.sh $MODE (ROUNDS=$ROUNDS; ${ENTRIES[*]})"
echo "$COMMAND" >"$ROUNDS_DIR/command.txt"
START=$(date +%s)
FAILED=()
for round in $(seq 1 "$ROUNDS"); do
  mkdir -p "$ROUNDS_DIR/round-$round"
  for entry in "${ENTRIES[@]}"; do
    echo "== round $round of $ROUNDS: $entry ($(($(date +%s) - START)) s elapsed)"
    if ! run_entry "$entry" "$round"; then
      FAILED+=("round $round: $entry")
      echo "   FAILED; see $ROUNDS_DIR/round-$round/${entry//:/-}.txt" >&2
    elif grep -q -E '<failure>|Benchmark had encountered error' \
      "$ROUNDS_DIR/round-$round/${entry//:/-}.txt"; then
      FAILED+=("round $round: $entry (some benchmarks)")
      echo "   some benchmarks failed; see $ROUNDS_DIR/round-$round/${entry//:/-}.txt" >&2
    fi
  done
done
MINUTES=$((($(date +%s) - START + 30) / 60))
echo "$MINUTES min for $ROUNDS round(s) of ${#ENTRIES[@]} entries, mode $MODE, ended $(date -u '+%Y-%m-%d %H:%M UTC')" \
  >"$ROUNDS_DIR/duration.txt"
echo "== done in $MINUTES min"
report
if [ ${#FAILED[@]} -gt 0 ]; then
  printf 'WARNING: failed, so missing from the report: %s\n' "${FAILED[@]}" >&2
  exit 1
fi
