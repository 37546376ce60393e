#!/usr/bin/env bash
# The voice path benchmark: 8 paths for 60 s against RTP echo peers on 127.0.0.1 while a thread
# churns garbage; prints the voice thread's lateness against the 20 ms grid and its allocation rate.
# Usage: bench/voice-paths.sh [PATHS] [SECONDS]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f bench/target/benchmarks.jar ] || mvn -q -B -o -Pbench package -DskipTests
exec java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp bench/target/benchmarks.jar \
  dialtone.bench.voice.VoiceBench "${1:-8}" "${2:-60}"
