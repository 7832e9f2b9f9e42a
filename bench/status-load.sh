#!/usr/bin/env bash
# What the server's own status entries cost: one `mandate serve` with an issuer and a status store issues the same
# 1 KB eddsa-rdfc-2022 credential twice through POST /credentials/issue, once without status and once with a
# revocation and a suspension entry in its own lists; wrk then POSTs each to /credentials/verify in alternating
# rounds (result cache off, so every request runs the full verification and status check; --cache 60 measures the
# default instead, where a repeated credential costs a hash lookup, plus a status check when it has a status). Not
# part of CI.
#
#   bench/status-load.sh                               # 3 rounds of 10 s per credential, 16 connections, SQLite store
#                                                      # (after a warm-up of 3 x 5 s sending the three in turn, then
#                                                      # more until the JIT compiler is nearly idle, at most 120 s, and
#                                                      # 3 s of the round's credential before each round, not counted)
#   bench/status-load.sh --rounds 5 --duration 15 --connections 32 --warmup 20 --round-warmup 5 --max-warmup 300
#   bench/status-load.sh --cache 60                    # the result cache on, as by default (60 s)
#   bench/status-load.sh --pg                          # PostgreSQL 127.0.0.1:5432/test: a fresh schema, dropped after (psql)
#   bench/status-load.sh --store 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=bench' # existing schema
#   MANDATE_JAR=/tmp/base/cli/target/mandate.jar bench/status-load.sh   # another build, for a before/after
#
# Prints requests/s, p99 and the server's CPU time per verification for each round, the ratio "with status / without
# status" of the summed rates, and the same ratio from CPU time per verification (what a CPU-bound server would show;
# it depends much less than req/s on what else the machine runs). A third credential, the control, carries the same two
# entries under "evidence" instead (the same size and RDF but for one predicate, nothing to check): "with status /
# control" is what the status check itself costs, apart from the larger document. Each round also shows the server's
# CPU by thread group; what the JIT compiler threads use is reported apart, and the CPU ratios are given without them
# too: code compiled for one round's credential is recompiled when the next round's differs, and on a busy machine
# the compiler is still at work minutes in, so a round's JIT time says more about its place in the run than about the
# credential (hence also the warm-up of each round's own credential). Each round starts with another of the three, and
# the ratios are also given paired within rounds (median, lowest and highest over the rounds), which cancels what
# drifts over a run; many short rounds (--rounds 12 --duration 4) make that median steadier than a few long ones.
#
#   bench/status-load.sh --perf /tmp/status-perf && bench/perf-diff.py /tmp/status-perf
#                                                      # where the CPU goes, per credential: Linux perf samples the server's
#                                                      # CPU (kernel and JIT-compiled code alike) in each round; perf-diff.py
#                                                      # gives samples per 1,000 verifications and what each credential adds
# Fails when any verification answers other than 200 (a refused or unverifiable credential must not count as throughput).
set -euo pipefail
ROUNDS=3
DURATION=10
WARMUP=5
ROUND_WARMUP=3
MAX_WARMUP=120
CONNECTIONS=16
THREADS=2
CACHE=0
STORE=""
PG_SCHEMA=""
PERF_DIR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds|--duration|--connections|--store|--warmup|--round-warmup|--max-warmup|--perf|--cache)
      [ $# -ge 2 ] && [ -n "$2" ] || { echo "status-load.sh: $1 needs a value (see --help)" >&2; exit 2; } ;;
  esac
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --store) STORE="$2"; shift 2 ;;
    --pg) PG_SCHEMA="mandate_bench_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"; shift ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --round-warmup) ROUND_WARMUP="$2"; shift 2 ;;
    --max-warmup) MAX_WARMUP="$2"; shift 2 ;;
    --perf) PERF_DIR="$2"; shift 2 ;;
    --cache) CACHE="$2"; shift 2 ;;
    -h|--help) sed -n '2,35p' "$0"; exit 0 ;;
    *) echo "status-load.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$ROUNDS" "$DURATION" "$WARMUP" "$ROUND_WARMUP" "$MAX_WARMUP" "$CONNECTIONS" "$CACHE"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "status-load.sh: '$n' is not a whole number of rounds, seconds or connections (see --help)" >&2; exit 2; }
done
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${MANDATE_JAR:-$ROOT/cli/target/mandate.jar}"
[ -f "$JAR" ] || { echo "status-load.sh: no $JAR; build it with mvn -q -DskipTests package -pl cli -am" >&2; exit 2; }
command -v wrk >/dev/null || { echo "status-load.sh: needs wrk (apt-get install -y wrk)" >&2; exit 2; }
PERF_OPTS=""
if [ -n "$PERF_DIR" ]; then
  command -v perf >/dev/null || { echo "status-load.sh: --perf needs Linux perf (apt-get install -y linux-perf)" >&2; exit 2; }
  mkdir -p "$PERF_DIR" && [ -z "$(ls -A "$PERF_DIR")" ] \
    || { echo "status-load.sh: --perf $PERF_DIR must be a new or empty folder" >&2; exit 2; }
  PERF_DIR="$(cd "$PERF_DIR" && pwd)"
  PERF_OPTS="-XX:+PreserveFramePointer" # call stacks through JIT-compiled code
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mandate-status-load.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
  [ -z "$PG_SCHEMA" ] || psql -q -h 127.0.0.1 -U postgres -d test -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null
}
trap cleanup EXIT
export MANDATE_KEYSTORE="$WORK/keystore"
MANDATE_PASSPHRASE="$(head -c 24 /dev/urandom | base64)"
export MANDATE_PASSPHRASE
if [ -n "$PG_SCHEMA" ]; then
  command -v psql >/dev/null || { echo "status-load.sh: --pg needs psql (apt-get install -y postgresql-client)" >&2; exit 2; }
  psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE SCHEMA $PG_SCHEMA" >/dev/null
  STORE="jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=$PG_SCHEMA"
fi
[ -n "$STORE" ] || STORE="jdbc:sqlite:$WORK/status.db"

DID="did:key:$(java -jar "$JAR" key generate --type Ed25519 --name bench | sed -n 's/.*"publicKeyMultibase":"\(z[^"]*\)".*/\1/p')"
TOKEN="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
HASH="$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)"
printf '{"bind":"127.0.0.1","port":0,"issuers":[{"name":"org","key":"bench","cryptosuite":"eddsa-rdfc-2022","default":true}],
 "auth":{"tokens":[{"name":"bench","sha256":"%s","scopes":["issue"]}],"open":["verify"]},
 "verifier":{"cacheSeconds":%s},"accessLog":"off"}' "$HASH" "$CACHE" > "$WORK/server.json"
# MANDATE_BENCH_JAVA_OPTS: extra JVM options for the server, e.g. a JFR recording from the start (starting one later
# deoptimizes the compiled code), whose samples bench/jfr-top.py --between splits by the rounds' times printed below:
# MANDATE_BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/status.jfr,settings=profile,dumponexit=true bench/status-load.sh
java -Xms512m -Xmx512m $PERF_OPTS ${MANDATE_BENCH_JAVA_OPTS:-} -jar "$JAR" serve --config "$WORK/server.json" --store "$STORE" \
  --status-url https://status.bench.example/lists/ > "$WORK/serve.out" 2> "$WORK/serve.err" &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 300); do
  PORT="$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$WORK/serve.out" 2>/dev/null | head -1)"
  [ -n "$PORT" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.err" >&2; exit 3; }
  sleep 0.1
done
BASE="http://127.0.0.1:$PORT"
unzip -p "$JAR" dev/mandate/vc/issuer/agent-capability-credential.json | sed "0,/{/s//{\"issuer\": \"$DID\",/" > "$WORK/unsigned.json"
issue() { # $1: options JSON
  printf '{"credential":%s,"options":%s}' "$(cat "$WORK/unsigned.json")" "$1" > "$WORK/issue.json"
  curl -sS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @"$WORK/issue.json" "$BASE/credentials/issue"
}
issue '{}' > "$WORK/plain.json"
issue '{"credentialStatus":{"type":"BitstringStatusListEntry","statusPurpose":["revocation","suspension"]}}' > "$WORK/status.json"
# the control: the same two entries under "evidence" (same size and the same RDF but for one predicate), no status to check
ENTRIES="$(grep -o '"credentialStatus":\[[^]]*\]' "$WORK/status.json" | sed 's/^"credentialStatus"://')"
[ -n "$ENTRIES" ] || { echo "status-load.sh: no credentialStatus array in the issued credential" >&2; exit 3; }
cp "$WORK/unsigned.json" "$WORK/unsigned-plain.json"
sed "0,/{/s//{\"evidence\": $(printf '%s' "$ENTRIES" | sed 's/[&/\]/\\&/g'),/" "$WORK/unsigned-plain.json" > "$WORK/unsigned.json"
issue '{}' > "$WORK/evidence.json"
cp "$WORK/unsigned-plain.json" "$WORK/unsigned.json"
for f in plain status evidence; do
  code="$(curl -s -o "$WORK/check.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$WORK/$f.json" "$BASE/credentials/verify")"
  [ "$code" = 200 ] || { echo "status-load.sh: the $f credential does not verify: $(cat "$WORK/check.json")" >&2; exit 3; }
done
echo "status entries: $(grep -o '"statusPurpose":"[a-z]*"' "$WORK/status.json" | tr '\n' ' ')" >&2
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before; store $(echo "$STORE" | sed 's/?.*//'); jar $JAR" >&2
echo "wrk: $THREADS threads, $CONNECTIONS connections, $ROUNDS rounds of ${DURATION} s per credential; result cache $CACHE s" >&2
TICK="$(getconf CLK_TCK)"
cpu() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; } # the server's user + system CPU, in clock ticks
# the server's CPU by thread group (thread names without their digits), in clock ticks: "name ticks" lines
threads() {
  for t in /proc/"$SERVER_PID"/task/*; do
    # utime and stime are the 12th and 13th fields after the name, which may hold spaces ("C2 CompilerThre")
    { printf '%s %s\n' "$(tr -d '0-9 ' < "$t/comm")" "$(sed 's/.*) //' "$t/stat" | awk '{print $12 + $13}')"; } 2>/dev/null # a thread may end meanwhile
  done | awk '{s[$1] += $2} END {for (k in s) print k, s[k]}' | sort
}
compiling() { awk '$1 ~ /CompilerThre/ {s += $2} END {print s + 0}'; } # JIT ticks of a threads listing
mix() { # $1: seconds of the three credentials in turn, request by request
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${1}s" -s "$ROOT/bench/verify-mix.lua" "$BASE/credentials/verify" \
    -- "$WORK/plain.json" "$WORK/status.json" "$WORK/evidence.json" >/dev/null
}
# Warm-up: the three credentials in turn, request by request, for three times --warmup. Warming up with one
# credential after the other left code compiled for the last one seen; the next round's credential then hit its
# uncommon paths, was deoptimized and recompiled while measured (rounds of the same credential differed by 20 %).
mix "$((3 * WARMUP))"
# then more of the same, 5 s at a time, until the JIT compiler threads use under 3 % of the server's CPU (at most
# --max-warmup seconds): on a busy machine the compiler is still at work minutes in, and what it uses in a round
# says more about the round's place in the run than about the credential
waited=0; used=0; jit=0
while [ "$waited" -lt "$MAX_WARMUP" ]; do
  threads > "$WORK/threads.before"; before="$(cpu)"
  mix 5
  threads > "$WORK/threads.after"; used=$(( $(cpu) - before )); waited=$((waited + 5))
  jit=$(( $(compiling < "$WORK/threads.after") - $(compiling < "$WORK/threads.before") ))
  [ $((jit * 100)) -ge $((used * 3)) ] || break
done
echo "warm-up: $((3 * WARMUP + waited)) s (the JIT compiler's share of the server's CPU in the last 5 s:" \
  "$(( used > 0 ? jit * 100 / used : 0 )) %)" >&2
declare -A SUM CPU REQ JIT
for f in plain status evidence; do SUM[$f]=0; CPU[$f]=0; REQ[$f]=0; JIT[$f]=0; done
declare -A ROUND_RATE ROUND_CPU # per round and credential: req/s, and CPU ticks without JIT per 1,000 verifications
ORDER=(plain status evidence)
for r in $(seq 1 "$ROUNDS"); do
  # each round starts with another credential (plain, status, control; status, control, plain; ...), so that no
  # credential always follows the same one: a round's place in the cycle then weighs on all three alike
  for i in 0 1 2; do
    f="${ORDER[$(( (r - 1 + i) % 3 ))]}"
    # the round's own credential first, not counted: code the previous round's credential got compiled for is
    # recompiled for this one before the measurement starts
    [ "$ROUND_WARMUP" = 0 ] || wrk -t"$THREADS" -c"$CONNECTIONS" -d"${ROUND_WARMUP}s" -s "$ROOT/bench/verify-post.lua" \
      "$BASE/credentials/verify" -- "$WORK/$f.json" >/dev/null
    before="$(cpu)"
    PERF_PID=""
    if [ -n "$PERF_DIR" ]; then
      perf record -q -F 499 -g -p "$SERVER_PID" -o "$PERF_DIR/round-$r-$f.data" >/dev/null 2>&1 & PERF_PID=$!
    fi
    threads > "$WORK/threads.before"
    started="$(date +%s.%N)"
    summary="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "$ROOT/bench/verify-post.lua" "$BASE/credentials/verify" -- "$WORK/$f.json" \
      | grep '^{"requests"')"
    used=$(( $(cpu) - before ))
    [ -z "$PERF_PID" ] || { kill -INT "$PERF_PID"; wait "$PERF_PID" || true; }
    ended="$(date +%s.%N)"
    threads > "$WORK/threads.after"
    rate="$(echo "$summary" | sed 's/.*"requestsPerSecond":\([0-9.]*\).*/\1/')"
    requests="$(echo "$summary" | sed 's/.*"requests":\([0-9]*\).*/\1/')"
    [ -z "$PERF_DIR" ] || printf '%s\t%s\t%s\n' "$r" "$f" "$requests" >> "$PERF_DIR/requests.tsv"
    p99="$(echo "$summary" | sed 's/.*"p99ms":\([0-9.]*\).*/\1/')"
    bad="$(echo "$summary" | sed 's/.*"non2xx":\([0-9]*\).*/\1/')"
    echo "round $r $f: $rate req/s, p99 $p99 ms, $(echo "scale=3; $used * 1000 / $TICK / $requests" | bc) ms CPU per verification," \
      "$bad answers other than 200 (load average $(cut -d' ' -f1 /proc/loadavg); from ${started%?????} to ${ended%?????} s since the epoch)"
    # where the CPU went, per verification (a thread group new in the round counts whole; a thread that ended during
    # the round, as idle pool and compiler threads do, takes its ticks with it, so groups can sum to less than the total)
    join -a 2 "$WORK/threads.before" "$WORK/threads.after" | awk 'NF == 2 {$3 = $2; $2 = 0} {print $1, $3 - $2}' \
      | sort -k2 -nr > "$WORK/threads.used"
    echo "  by thread group, ms per verification: $(awk -v t="$TICK" -v n="$requests" \
      '$2 > 0 {printf "%s %.3f; ", $1, $2 * 1000 / t / n}' "$WORK/threads.used")"
    JIT[$f]=$((JIT[$f] + $(awk '$1 ~ /CompilerThre/ {s += $2} END {print s + 0}' "$WORK/threads.used")))
    [ "$bad" = 0 ] || { echo "status-load.sh: $bad verifications of the $f credential did not answer 200 (see $WORK/serve.err)" >&2; exit 3; }
    SUM[$f]="$(echo "${SUM[$f]} + $rate" | bc)"; CPU[$f]=$((CPU[$f] + used)); REQ[$f]=$((REQ[$f] + requests))
    round_jit="$(awk '$1 ~ /CompilerThre/ {s += $2} END {print s + 0}' "$WORK/threads.used")"
    ROUND_RATE[$r,$f]="$rate"; ROUND_CPU[$r,$f]="$(echo "scale=6; ($used - $round_jit) * 1000 / $requests" | bc)"
  done
done
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after" >&2
if [ -n "$PERF_DIR" ]; then # names for the JIT-compiled code, which perf reads from /tmp/perf-<pid>.map
  jcmd "$SERVER_PID" Compiler.perfmap >/dev/null && cp "/tmp/perf-$SERVER_PID.map" "$PERF_DIR/" && rm -f "/tmp/perf-$SERVER_PID.map"
  echo "$SERVER_PID" > "$PERF_DIR/server.pid"
fi
per() { echo "scale=3; ${CPU[$1]} * 1000 / $TICK / ${REQ[$1]}" | bc; }
echo "with two status entries / without: $(echo "scale=3; ${SUM[status]} / ${SUM[plain]}" | bc)"
echo "CPU per verification: without $(per plain) ms, with two status entries $(per status) ms; CPU-bound ratio with / without:" \
  "$(echo "scale=3; (${CPU[plain]} * ${REQ[status]}) / (${CPU[status]} * ${REQ[plain]})" | bc)"
nojit() { echo "scale=3; (${CPU[$1]} - ${JIT[$1]}) * 1000 / $TICK / ${REQ[$1]}" | bc; }
echo "without the JIT compiler threads (JIT: without $(echo "scale=3; ${JIT[plain]} * 1000 / $TICK / ${REQ[plain]}" | bc)," \
  "with status $(echo "scale=3; ${JIT[status]} * 1000 / $TICK / ${REQ[status]}" | bc)," \
  "control $(echo "scale=3; ${JIT[evidence]} * 1000 / $TICK / ${REQ[evidence]}" | bc) ms per verification):" \
  "without $(nojit plain) ms, with two status entries $(nojit status) ms, control $(nojit evidence) ms; ratio with / without" \
  "$(echo "scale=3; ((${CPU[plain]} - ${JIT[plain]}) * ${REQ[status]}) / ((${CPU[status]} - ${JIT[status]}) * ${REQ[plain]})" | bc)," \
  "with / control $(echo "scale=3; ((${CPU[evidence]} - ${JIT[evidence]}) * ${REQ[status]}) / ((${CPU[status]} - ${JIT[status]}) * ${REQ[evidence]})" | bc)"
# Paired per round: each round measures the three credentials within a minute of each other, so a ratio taken within
# a round cancels what drifts over the run (the machine's other work, the server JVM's state); the median over the
# rounds is less moved by one odd round than the ratio of the sums above.
median_range() { # stdin: one number per line; prints "median (lowest-highest)"
  sort -n | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "%.3f (%.3f-%.3f over %d rounds)", m, v[1], v[NR], NR}'
}
paired() { # $1 $2: credentials; $3: rate or cpu
  for r in $(seq 1 "$ROUNDS"); do
    if [ "$3" = rate ]; then echo "scale=6; ${ROUND_RATE[$r,$1]} / ${ROUND_RATE[$r,$2]}" | bc
    else echo "scale=6; ${ROUND_CPU[$r,$2]} / ${ROUND_CPU[$r,$1]}" | bc; fi
  done | median_range
}
echo "paired within rounds, median: with / without $(paired status plain rate) by req/s, $(paired status plain cpu) by CPU" \
  "without JIT; control / without $(paired evidence plain rate) by req/s; with / control $(paired status evidence rate) by req/s," \
  "$(paired status evidence cpu) by CPU without JIT"
echo "control, the same entries as evidence (same size, nothing to check): $(echo "scale=3; ${SUM[evidence]} / ${SUM[plain]}" | bc) of the rate" \
  "without, $(per evidence) ms CPU per verification; the status check itself: with status / control $(echo "scale=3; ${SUM[status]} / ${SUM[evidence]}" | bc)" \
  "(CPU $(echo "scale=3; (${CPU[evidence]} * ${REQ[status]}) / (${CPU[status]} * ${REQ[evidence]})" | bc))"
