#!/usr/bin/env bash
# The voice path benchmark: 8 paths for 60 s against RTP echo peers on 127.0.0.1 while a thread
# churns garbage; prints the voice thread's lateness against the 20 ms grid and its allocation rate.
#
# Usage (from anywhere): bench/voice-paths.sh [PATHS] [SECONDS] [CHURN_MB_S]
#   CHURN_MB_S 0 (the default) churns as fast as one thread can.
#   VOICE_RT=1    puts the voice thread under SCHED_FIFO priority 10 (root), as a router would run it.
#   JAVA_OPTS     more JVM options, such as -XX:+UseZGC.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f bench/target/benchmarks.jar ] || mvn -q -B -o -Pbench package -DskipTests
# shellcheck disable=SC2086
java -Xmx256m ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp bench/target/benchmarks.jar \
  dialtone.bench.voice.VoiceBench "${1:-8}" "${2:-60}" "${3:-0}" &
pid=$!
if [ "${VOICE_RT:-0}" = 1 ]; then
  for _ in $(seq 50); do
    for task in /proc/$pid/task/*; do
      if [ "$(cat "$task/comm" 2>/dev/null)" = audio-voice ]; then
        chrt -f -p 10 "$(basename "$task")" && echo "audio-voice (tid $(basename "$task")): SCHED_FIFO 10"
        break 2
      fi
    done
    sleep 0.1
  done
fi
wait $pid
