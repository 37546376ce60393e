#!/usr/bin/env bash
# The voice path benchmark: 8 paths for 60 s against RTP echo peers on 127.0.0.1 while a thread
# churns garbage; prints the voice thread's lateness against the 20 ms grid and its allocation rate.
#
# Usage (from anywhere): bench/voice-paths.sh [PATHS] [SECONDS] [CHURN_MB_S]
#   CHURN_MB_S 0 (the default) churns as fast as one thread can.
# It runs the JVM as bin/start runs the exchange: with the options of bin/jvm.options, then
# JAVA_OPTS (a collector named there replaces the file's), and the voice thread asks for SCHED_FIFO
# as etc/dialtone.audio.dev.cfg does (it gets it when run as root).
#   JAVA_OPTS      more JVM options, such as -XX:+UseZGC.
#   JVM_OPTIONS    a file of JVM options instead of bin/jvm.options; "none" for the JVM's defaults
#                  with -Xmx256m.
#   VOICE_RT       the voice thread's SCHED_FIFO priority (default 10); 0 for the normal policy.
#   VOICE_WARMUP   seconds before measuring (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f bench/target/benchmarks.jar ] || mvn -q -B -o -Pbench package -DskipTests
options_file=${JVM_OPTIONS:-bin/jvm.options}
if [ "$options_file" = none ]; then
  options=(-Xmx256m)
else
  options=()
  while read -r option; do
    case "$option" in
      ''|'#'*) continue ;;
      -XX:+Use*GC) [[ " ${JAVA_OPTS:-} " == *" -XX:+Use"*"GC "* ]] && continue ;;
    esac
    options+=("$option")
  done < "$options_file"
fi
# shellcheck disable=SC2086
exec java "${options[@]}" ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dvoice.realtime.priority="${VOICE_RT:-10}" -Dvoice.warmup="${VOICE_WARMUP:-20}" \
  -cp bench/target/benchmarks.jar dialtone.bench.voice.VoiceBench "${1:-8}" "${2:-60}" "${3:-0}"
