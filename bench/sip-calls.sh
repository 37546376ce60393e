#!/usr/bin/env bash
# SIP call benchmark: sipp (the provider) calls one Dialtone line whose participant answers at
# once, at rising call rates. Prints, per rate: calls/s sustained, failed calls, INVITE -> 180 p50/p99.
#   bench/sip-calls.sh [CALLS_PER_RATE] [RATES...]      e.g. bench/sip-calls.sh 3000 100 200 400
# Runs on 127.0.0.1, ports 25100-25199. Needs sipp (bin/test installs it) and a build
# (it runs 'mvn -o -q -pl sip.line -am test-compile').
set -euo pipefail
cd "$(dirname "$0")/.."
CALLS=${1:-2000}
shift || true
[ $# -gt 0 ] && RATES=("$@") || RATES=(100 200 400)
LINE_PORT=25100
SIPP_PORT=25102
OUT=target/bench-sip
mkdir -p "$OUT"
rm -f "$OUT"/*.csv

command -v sipp >/dev/null || { echo "sipp is missing: run bin/test once (it installs sip-tester)"; exit 1; }
mvn -B -o -q -pl sip.line -am test-compile >/dev/null
M2=${M2_REPO:-$HOME/.m2/repository}
CP=core.call/target/classes:core.proxy/target/classes:lib.jainsip/target/classes:sip.line/target/classes
CP=$CP:sip.line/target/test-classes:$M2/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar
CP=$CP:$M2/org/slf4j/slf4j-simple/1.7.36/slf4j-simple-1.7.36.jar
CP=$CP:$M2/org/slf4j/log4j-over-slf4j/1.7.36/log4j-over-slf4j-1.7.36.jar

# The exchange: fed by a pipe we hold open; closing it stops the harness.
mkfifo "$OUT/stdin" 2>/dev/null || true
java -Xmx64m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  dialtone.sip.line.internal.LineBenchHarness $LINE_PORT $SIPP_PORT <"$OUT/stdin" >"$OUT/harness.log" 2>&1 &
HARNESS=$!
exec 3>"$OUT/stdin"
stop() { exec 3>&-; wait $HARNESS 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq 100); do grep -q ready "$OUT/harness.log" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$OUT/harness.log" || { echo "the harness did not start:"; cat "$OUT/harness.log"; exit 1; }

# Warm-up (not reported): lets the JIT compile the paths the measured runs take.
(cd "$OUT" && sipp -sf ../../bench/sip/calls.xml -i 127.0.0.1 -p $SIPP_PORT -mp 25142 -s 1001 -r 100 -m 1000 \
   -l 2000 -d 0 -nostdin -timeout 60s -recv_timeout 5000 127.0.0.1:$LINE_PORT >sipp-warmup.log 2>&1) || true

printf '%-8s %8s %8s %10s %14s %14s\n' rate calls failed 'calls/s' 'INVITE-180 p50' 'INVITE-180 p99'
for RATE in "${RATES[@]}"; do
  rm -f "$OUT"/calls_*_rtt.csv "$OUT"/stat.csv
  start=$(date +%s.%N)
  set +e
  (cd "$OUT" && sipp -sf ../../bench/sip/calls.xml -i 127.0.0.1 -p $SIPP_PORT -mp 25142 -s 1001 \
     -r "$RATE" -m "$CALLS" -l 2000 -d 0 -nostdin -timeout 120s -timeout_error -recv_timeout 5000 \
     -trace_rtt -rtt_freq 1 -trace_stat -stf stat.csv -fd 1 127.0.0.1:$LINE_PORT >sipp-$RATE.log 2>&1)
  code=$?
  set -e
  end=$(date +%s.%N)
  python3 - "$OUT" "$RATE" "$CALLS" "$start" "$end" "$code" <<'PY'
import csv, glob, sys
out, rate, calls, start, end, code = sys.argv[1:]
times = []
for f in glob.glob(out + '/calls_*_rtt.csv'):
    for row in csv.reader(open(f), delimiter=';'):
        if len(row) >= 3 and row[2].strip() == 'ringing':
            try:
                times.append(float(row[1]))
            except ValueError:
                pass
times.sort()
def pct(p):
    return '%.2f ms' % times[min(len(times) - 1, int(p * len(times)))] if times else 'n/a'
ok = failed = 0
rows = list(csv.reader(open(out + '/stat.csv'), delimiter=';'))
head, last = rows[0], rows[-1]
ok = int(last[head.index('SuccessfulCall(C)')])
failed = int(last[head.index('FailedCall(C)')])
elapsed = float(end) - float(start)
print('%-8s %8d %8d %10.1f %14s %14s%s' % (rate, ok, failed, ok / elapsed, pct(0.50), pct(0.99),
      '' if code == '0' else '   (sipp exit %s)' % code))
PY
done
