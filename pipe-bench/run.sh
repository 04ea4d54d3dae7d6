#!/usr/bin/env bash
# Builds pipe-bench, runs every JMH benchmark against Netty, Okio and the JDK with -prof gc, and
# writes the JMH JSON, the charts and BENCHMARKS.md at the repository root.
#
#   pipe-bench/run.sh [short|medium|long|smoke|report] [jdk-home] [extra JMH arguments, e.g. a regex]
#
#   short   1 fork,  2 x 1 s warm-up, 3 x 1 s measurement: about 10 minutes on 2 cores
#   medium  2 forks, 3 x 1 s warm-up, 5 x 1 s measurement: about 20 minutes
#   long    3 forks, 5 x 2 s warm-up, 5 x 2 s measurement: about 55 minutes; use this to publish
#   smoke   1 fork,  1 x 1 s warm-up, 1 x 1 s measurement: only checks that everything runs
#   report  no build, no run: regenerates BENCHMARKS.md from the existing JSON
#
# jdk-home (optional) is the JDK that builds and runs everything; otherwise $JAVA_HOME, else `java`.
# Environment: BENCH_OUT (default <repo>/bench-results) holds jmh-result.json, jmh-output.txt and
# the PNG charts; BENCH_REPORT (default <repo>/BENCHMARKS.md) is the report; BENCH_JVM_ARGS are
# extra flags for every fork (e.g. -Dbench.pool=direct). Run it on a quiet machine.
set -euo pipefail

MODE=${1:-short}
[ $# -gt 0 ] && shift
if [ $# -gt 0 ] && [ -d "$1" ]; then
  export JAVA_HOME
  JAVA_HOME=$(cd "$1" && pwd)
  shift
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench-results}
REPORT=${BENCH_REPORT:-$ROOT/BENCHMARKS.md}
JAR=$ROOT/pipe-bench/target/benchmarks.jar
JSON=$OUT/jmh-result.json

case "$MODE" in
  short) JMH_OPTS=(-f 1 -wi 2 -w 1s -i 3 -r 1s) ;;
  medium) JMH_OPTS=(-f 2 -wi 3 -w 1s -i 5 -r 1s) ;;
  long) JMH_OPTS=(-f 3 -wi 5 -w 2s -i 5 -r 2s) ;;
  smoke) JMH_OPTS=(-f 1 -wi 1 -w 1s -i 1 -r 1s) ;;
  report) JMH_OPTS=() ;;
  *)
    echo "usage: $0 [short|medium|long|smoke|report] [jdk-home] [extra JMH arguments]" >&2
    exit 2
    ;;
esac

EXTRA="$*"
mkdir -p "$OUT"
if [ "$MODE" != report ]; then
  echo "== building pipe-bench with $("$JAVA" -version 2>&1 | head -1)"
  (cd "$ROOT" && mvn -B -q -ntp -pl pipe-bench -am package -DskipTests)

  # Flags every fork gets in front of the @Fork(jvmArgsAppend) ones (a command-line
  # -jvmArgsAppend would replace those, so extras go here).
  PREPEND="${BENCH_JVM_ARGS:-}"
  # Netty 4.2 turns its Unsafe paths off on JDK 24+ unless this is given; its users who care
  # about speed give it. The flag is unknown before JDK 23, so add it only where accepted.
  if "$JAVA" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
    PREPEND="--sun-misc-unsafe-memory-access=allow $PREPEND"
  fi
  PREPEND_OPTS=()
  if [ -n "${PREPEND// /}" ]; then
    PREPEND_OPTS=(-jvmArgsPrepend "$PREPEND")
  fi
  if [ $# -eq 0 ]; then
    set -- 'io\.github\.chunkedbuffer\.bench\..*'
  fi

  echo "== running JMH ($MODE) -> $JSON"
  set +e
  "$JAVA" -jar "$JAR" "${JMH_OPTS[@]}" -prof gc ${PREPEND_OPTS[@]+"${PREPEND_OPTS[@]}"} \
    -rf json -rff "$JSON" "$@" 2>&1 | tee "$OUT/jmh-output.txt"
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then
    echo "JMH failed; see $OUT/jmh-output.txt" >&2
    exit 1
  fi
  if grep -q -E '<failure>|Benchmark had encountered error' "$OUT/jmh-output.txt"; then
    echo "WARNING: some benchmarks failed (see $OUT/jmh-output.txt); they are missing from the report" >&2
  fi
fi

if [ ! -s "$JSON" ]; then
  echo "no results in $JSON" >&2
  exit 1
fi
echo "== writing $REPORT"
"$JAVA" -Djava.awt.headless=true -cp "$JAR" io.github.chunkedbuffer.bench.report.ReportGenerator \
  "$JSON" "$REPORT" "$OUT" --command "pipe-bench/run.sh $MODE${EXTRA:+ $EXTRA}"
