#!/usr/bin/env bash
# Status-list allocation across several `mandate serve` instances on one PostgreSQL database: each instance gets
# its own wrk POSTing /grants (a new task per request: one revocation entry allocated, one credential signed, the
# issuance audited), all at once. Prints each instance's rate and the sum, and counts the entries the database
# holds afterwards (allocations/s from the database, and whether any index was handed out twice). Not part of CI.
#
#   bench/alloc-load.sh                                   # 3 instances, 48 connections in all, 20 s after a 5 s warm-up
#   bench/alloc-load.sh --instances 3 --connections 96 --duration 30 --suite eddsa-jcs-2022
#   bench/alloc-load.sh --db 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres'   # a fresh schema is made in it
#   MANDATE_JAR=/tmp/base/cli/target/mandate.jar bench/alloc-load.sh                  # another build (before/after)
#   bench/alloc-load.sh --store-only    # no HTTP, signing or audit: one AllocationBench JVM per instance, 8 threads each,
#                                       # calling Store.allocate on the same schema (needs mvn -q -o -pl bench -am compile)
#   bench/alloc-load.sh --max-requests 64   # limits.maxConcurrentRequests of each instance (default: twice the cores,
#                                           # 4 on 2 cores, which caps the grants in flight per instance)
#   bench/alloc-load.sh --record-only   # no HTTP, allocation or signing: one IssuanceBench JVM per instance, 16 threads
#                                       # each, recording grant-shaped issuances (AgentRegistry.recordIssuance: the audit
#                                       # entry) on the same schema; prints audit entries per transaction (xmin)
#   bench/alloc-load.sh --in-process  # no HTTP and one thread: GrantCostBench calls StatusApi.issueGrant in a loop on
#                                     # the schema and prints the thread's CPU time per grant (rounds of 1000, median)
#   bench/alloc-load.sh --jfr /tmp/grant.jfr   # instance 1 records a JFR profile of the measured run (after warm-up);
#                                              # read it with `jfr print --events jdk.ExecutionSample /tmp/grant.jfr`
#   MANDATE_BENCH_JAVA_OPTS='-XX:...' bench/alloc-load.sh   # extra JVM options for every instance
#
# Besides the rates it prints CPU time per grant, which depends much less on other work on the machine than the
# rates do: each instance's JVM (user + system, from /proc/<pid>/stat, over the measured run, divided by that
# instance's grants), and the PostgreSQL backends serving the instances' connections (found through `ss` and
# pg_stat_activity's client_port), divided by all grants; and the rows each grant wrote per table of the schema.
#
# Needs wrk and psql; each run uses a new schema (alloc_bench_<pid>) and drops it at the end.
set -euo pipefail
INSTANCES=3
CONNECTIONS=48
DURATION=20
WARMUP=5
SUITE=""
STORE_ONLY=0
RECORD_ONLY=0
IN_PROCESS=0
MAX_REQUESTS=""
JFR=""
DB="jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
while [ $# -gt 0 ]; do
  case "$1" in
    --instances) INSTANCES="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --suite) SUITE="$2"; shift 2 ;;
    --db) DB="$2"; shift 2 ;;
    --store-only) STORE_ONLY=1; shift ;;
    --record-only) RECORD_ONLY=1; shift ;;
    --in-process) IN_PROCESS=1; shift ;;
    --max-requests) MAX_REQUESTS="$2"; shift 2 ;;
    --jfr) JFR="$2"; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "alloc-load.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${MANDATE_JAR:-$ROOT/cli/target/mandate.jar}"
[ -f "$JAR" ] || { echo "alloc-load.sh: no $JAR; build it with mvn -q -DskipTests package -pl cli -am" >&2; exit 2; }
command -v wrk >/dev/null || { echo "alloc-load.sh: needs wrk (apt-get install -y wrk)" >&2; exit 2; }
command -v psql >/dev/null || { echo "alloc-load.sh: needs psql (apt-get install -y postgresql-client)" >&2; exit 2; }
case "$DB" in
  jdbc:postgresql://127.*|jdbc:postgresql://localhost[:/]*) ;;
  *) echo "alloc-load.sh: --db must be a loopback jdbc:postgresql URL" >&2; exit 2 ;;
esac
# psql connection string from the JDBC URL: host, port, database and user
HOSTPORT="$(echo "$DB" | sed -n 's#jdbc:postgresql://\([^/]*\)/.*#\1#p')"
DBNAME="$(echo "$DB" | sed -n 's#jdbc:postgresql://[^/]*/\([^?]*\).*#\1#p')"
PGUSER_="$(echo "$DB" | sed -n 's#.*[?&]user=\([^&]*\).*#\1#p')"
SCHEMA="alloc_bench_$$"
PSQL=(psql -X -q -At -h "${HOSTPORT%%:*}" -p "$(echo "$HOSTPORT" | sed -n 's#.*:\([0-9]*\)$#\1#p' | grep . || echo 5432)" -U "${PGUSER_:-postgres}" -d "$DBNAME")
SEP='?'; case "$DB" in *\?*) SEP='&' ;; esac
STORE="$DB${SEP}currentSchema=$SCHEMA"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mandate-alloc-load.XXXXXX")"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do
    if kill -0 "$p" 2>/dev/null; then kill -TERM "$p"; wait "$p" 2>/dev/null || true; fi
  done
  "${PSQL[@]}" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
"${PSQL[@]}" -c "CREATE SCHEMA $SCHEMA"

# run_jvms CLASS THREADS FIELD: one bench JVM per instance at once, each line printed, FIELD summed into $SUM
run_jvms() {
  [ -f "$ROOT/bench/target/classes/dev/mandate/bench/$1.class" ] || { echo "alloc-load.sh: build the bench classes: mvn -q -o -pl bench -am compile" >&2; exit 2; }
  for i in $(seq 1 "$INSTANCES"); do
    java -Xms256m -Xmx256m -cp "$ROOT/bench/target/classes:$JAR" "dev.mandate.bench.$1" "$STORE" "$DURATION" "$2" > "$WORK/jvm$i.out" &
    PIDS+=("$!")
  done
  for p in "${PIDS[@]}"; do wait "$p"; done
  PIDS=()
  SUM=0
  for i in $(seq 1 "$INSTANCES"); do
    echo "process $i: $(cat "$WORK/jvm$i.out")"
    SUM="$(echo "$SUM + $(sed -n "s/.*\"$3\":\([0-9.]*\).*/\1/p" "$WORK/jvm$i.out")" | bc)"
  done
  echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after" >&2
}

if [ "$STORE_ONLY" = 1 ]; then
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before; $INSTANCES processes x 8 threads," \
    "store $(echo "$DB" | sed 's/?.*//') schema $SCHEMA; Store.allocate only" >&2
  run_jvms AllocationBench 8 allocationsPerSecond
  echo "allocations/s (summed): $SUM"
  echo "lists: $("${PSQL[@]}" -c "SELECT count(*) || ' (' || count(*) FILTER (WHERE is_full = 0) || ' open)' FROM $SCHEMA.status_list")"
  echo "indices handed out twice: $("${PSQL[@]}" -c "SELECT count(*) - count(DISTINCT (list_id, idx)) FROM $SCHEMA.status_entry")"
  exit 0
fi

if [ "$IN_PROCESS" = 1 ]; then
  [ -f "$ROOT/bench/target/classes/dev/mandate/bench/GrantCostBench.class" ] || { echo "alloc-load.sh: build the bench classes: mvn -q -o -pl bench -am compile" >&2; exit 2; }
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before; store $(echo "$DB" | sed 's/?.*//') schema $SCHEMA;" \
    "StatusApi.issueGrant on one thread; jar $JAR" >&2
  java -Xms256m -Xmx256m -cp "$ROOT/bench/target/classes:$JAR" dev.mandate.bench.GrantCostBench "$STORE"
  echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after" >&2
  echo "rows: $("${PSQL[@]}" -c "SELECT (SELECT count(*) FROM $SCHEMA.status_entry) || ' entries, ' || (SELECT count(*) FROM $SCHEMA.grant_credential) || ' grants, ' || (SELECT count(*) FROM $SCHEMA.audit_entry) || ' audit entries'")"
  exit 0
fi

if [ "$RECORD_ONLY" = 1 ]; then
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before; $INSTANCES processes x 16 threads," \
    "store $(echo "$DB" | sed 's/?.*//') schema $SCHEMA; AgentRegistry.recordIssuance only; jar $JAR" >&2
  run_jvms IssuanceBench 16 recordsPerSecond
  echo "issuance records/s (summed): $SUM"
  echo "audit entries: $("${PSQL[@]}" -c "SELECT count(*) || ' in ' || count(DISTINCT xmin::text) || ' transactions (largest ' || coalesce((SELECT max(n) FROM (SELECT count(*) n FROM $SCHEMA.audit_entry GROUP BY xmin::text) b), 0) || ')' FROM $SCHEMA.audit_entry")"
  exit 0
fi

export MANDATE_KEYSTORE="$WORK/keystore"
MANDATE_PASSPHRASE="$(head -c 24 /dev/urandom | base64)"
export MANDATE_PASSPHRASE
java -jar "$JAR" key generate --type Ed25519 --name bench >/dev/null
TOKEN="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
HASH="$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)"
SUITE_JSON=""; [ -z "$SUITE" ] || SUITE_JSON=",\"cryptosuite\":\"$SUITE\""
LIMITS_JSON=""; [ -z "$MAX_REQUESTS" ] || LIMITS_JSON=",\"limits\":{\"maxConcurrentRequests\":$MAX_REQUESTS}"
printf '{"bind":"127.0.0.1","port":0,"issuers":[{"name":"org","key":"bench","default":true%s}],
 "auth":{"tokens":[{"name":"bench","sha256":"%s","scopes":["status"]}],"open":["verify"]},"accessLog":"off"%s}' \
  "$SUITE_JSON" "$HASH" "$LIMITS_JSON" > "$WORK/server.json"

PORTS=()
# shellcheck disable=SC2206 # word splitting of the extra options is wanted
OPTS=(${MANDATE_BENCH_JAVA_OPTS:-})
for i in $(seq 1 "$INSTANCES"); do
  java -Xms256m -Xmx256m ${OPTS[@]+"${OPTS[@]}"} -jar "$JAR" serve --config "$WORK/server.json" --store "$STORE" \
    --status-url https://status.bench.example/lists/ > "$WORK/serve$i.out" 2> "$WORK/serve$i.err" &
  PIDS+=("$!")
done
for i in $(seq 1 "$INSTANCES"); do
  PORT=""
  for _ in $(seq 1 600); do
    PORT="$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$WORK/serve$i.out" 2>/dev/null | head -1)"
    [ -n "$PORT" ] && break
    kill -0 "${PIDS[$((i - 1))]}" 2>/dev/null || { cat "$WORK/serve$i.err" >&2; exit 3; }
    sleep 0.1
  done
  [ -n "$PORT" ] || { echo "alloc-load.sh: instance $i did not start" >&2; exit 3; }
  PORTS+=("$PORT")
done
PER=$(( (CONNECTIONS + INSTANCES - 1) / INSTANCES ))
run() { # $1: seconds, $2: tag; runs one wrk per instance at once, prints the summed rate
  local seconds="$1" tag="$2" wpids=()
  for i in $(seq 1 "$INSTANCES"); do
    wrk -t1 -c"$PER" -d"${seconds}s" --timeout 10s -s "$ROOT/bench/grant-post.lua" "http://127.0.0.1:${PORTS[$((i - 1))]}/grants" \
      -- "$TOKEN" "$tag$i" > "$WORK/wrk-$tag$i.out" &
    wpids+=("$!")
  done
  for p in "${wpids[@]}"; do wait "$p"; done
}
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before; $INSTANCES instances, $PER connections each," \
  "store $(echo "$DB" | sed 's/?.*//') schema $SCHEMA; suite ${SUITE:-default}; jar $JAR" >&2
TICK="$(getconf CLK_TCK)"
# user + system CPU of a process, in clock ticks (fields 12 and 13 after its name, which may hold spaces); 0 if gone
ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $12 + $13}' | grep . || echo 0; }
# the PostgreSQL backends serving the instances' connections: their client ports, found with ss, in pg_stat_activity
backends() {
  local pids ports
  pids="$(IFS='|'; echo "${PIDS[*]}")"
  ports="$(ss -tnpH state established "( dport = :$(echo "$HOSTPORT" | sed -n 's#.*:\([0-9]*\)$#\1#p' | grep . || echo 5432) )" 2>/dev/null \
    | grep -E "pid=($pids)," | awk '{print $3}' | sed 's/.*://' | sort -un | paste -sd, -)"
  [ -z "$ports" ] || "${PSQL[@]}" -c "SELECT pid FROM pg_stat_activity WHERE client_port IN ($ports)"
}
# a JVM's CPU by thread group (thread names without their numbers), in clock ticks: "name ticks" lines
threads() {
  for t in /proc/"$1"/task/*; do
    # utime and stime are the 12th and 13th fields after the name, which may hold spaces ("C2 CompilerThre")
    { printf '%s %s\n' "$(tr -d '0-9 ' < "$t/comm")" "$(sed 's/.*) //' "$t/stat" | awk '{print $12 + $13}')"; } 2>/dev/null # a thread may end meanwhile
  done | awk '{s[$1] += $2} END {for (k in s) print k, s[k]}' | sort
}
tables() { "${PSQL[@]}" -F' ' -c "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables WHERE schemaname = '$SCHEMA'" | sort; }
run "$WARMUP" w
sleep 1 # table statistics reach pg_stat_user_tables within a second of their transaction
before="$("${PSQL[@]}" -c "SELECT count(*) FROM $SCHEMA.status_entry")"
tables > "$WORK/tables.before"
declare -A JCPU PGCPU
for i in $(seq 1 "$INSTANCES"); do JCPU[$i]="$(ticks "${PIDS[$((i - 1))]}")"; done
for b in $(backends); do PGCPU[$b]="$(ticks "$b")"; done
for i in $(seq 1 "$INSTANCES"); do threads "${PIDS[$((i - 1))]}" > "$WORK/threads$i.before"; done
[ -z "$JFR" ] || jcmd "${PIDS[0]}" JFR.start name=alloc-load settings=profile >/dev/null
run "$DURATION" m
[ -z "$JFR" ] || jcmd "${PIDS[0]}" JFR.stop name=alloc-load filename="$JFR" >/dev/null
for i in $(seq 1 "$INSTANCES"); do JCPU[$i]=$(( $(ticks "${PIDS[$((i - 1))]}") - JCPU[$i] )); done
for i in $(seq 1 "$INSTANCES"); do threads "${PIDS[$((i - 1))]}" > "$WORK/threads$i.after"; done
# per group, the ticks it used in the run (a thread group new in the run counts whole)
used_by_group() { join -a 2 "$WORK/threads$1.before" "$WORK/threads$1.after" | awk 'NF == 2 {$3 = $2; $2 = 0} {print $1, $3 - $2}'; }
PGUSED=0
for b in $(backends); do PGUSED=$(( PGUSED + $(ticks "$b") - ${PGCPU[$b]:-0} )); done # a backend new in the run counts whole
sleep 1
after="$("${PSQL[@]}" -c "SELECT count(*) FROM $SCHEMA.status_entry")"
tables > "$WORK/tables.after"
sum=0
grants=0
jvm=0
nojit=0
for i in $(seq 1 "$INSTANCES"); do
  line="$(grep '^{' "$WORK/wrk-m$i.out" | tail -1)"
  n="$(echo "$line" | sed -n 's/.*"requests":\([0-9]*\).*/\1/p')"
  jit="$(used_by_group "$i" | awk '$1 ~ /CompilerThre/ {s += $2} END {print s + 0}')"
  echo "instance $i: $line; JVM CPU $(echo "scale=3; ${JCPU[$i]} * 1000 / $TICK / $n" | bc) ms per grant," \
    "$(echo "scale=3; (${JCPU[$i]} - $jit) * 1000 / $TICK / $n" | bc) ms without the JIT compiler threads"
  nojit=$((nojit + JCPU[$i] - jit))
  sum="$(echo "$sum + $(echo "$line" | sed -n 's/.*"requestsPerSecond":\([0-9.]*\).*/\1/p')" | bc)"
  grants=$((grants + n)); jvm=$((jvm + JCPU[$i]))
done
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after" >&2
# every grant allocates one entry: the database's count includes grants whose answer wrk gave up on
made=$((after - before)); [ "$made" -gt 0 ] || made=1
echo "CPU per grant: JVMs $(echo "scale=3; $jvm * 1000 / $TICK / $made" | bc) ms ($(echo "scale=3; $nojit * 1000 / $TICK / $made" | bc) ms" \
  "without JIT compilation, which still runs after a short warm-up), PostgreSQL backends" \
  "$(echo "scale=3; $PGUSED * 1000 / $TICK / $made" | bc) ms (over the $made entries the database gained; wrk counted $grants answers)"
echo "instance 1's CPU by thread group (share of its JVM CPU in the run): $(used_by_group 1 \
  | awk -v t="${JCPU[1]}" '$2 > 0 && t > 0 {printf "%s %.0f%%; ", $1, 100 * $2 / t}')"
echo "rows per grant (inserted/updated/deleted): $(join "$WORK/tables.before" "$WORK/tables.after" \
  | awk -v g="$made" '{i=($5-$2)/g; u=($6-$3)/g; d=($7-$4)/g; if (i+u+d > 0) printf "%s %.2f/%.2f/%.2f; ", $1, i, u, d}')"
echo "grants/s (wrk, summed): $sum"
echo "allocations/s (entries the database gained / ${DURATION} s): $(echo "scale=1; ($after - $before) / $DURATION" | bc)"
echo "lists: $("${PSQL[@]}" -c "SELECT count(*) || ' (' || sum(allocated) || ' entries; ' || count(*) FILTER (WHERE is_full = 0) || ' open)' FROM $SCHEMA.status_list")"
echo "indices handed out twice: $("${PSQL[@]}" -c "SELECT count(*) - count(DISTINCT (list_id, idx)) FROM $SCHEMA.status_entry")"
