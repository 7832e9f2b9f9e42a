#!/usr/bin/env bash
# Load test of `mandate serve`: POST /credentials/verify with a valid 1 KB eddsa-rdfc-2022 credential,
# driven by wrk from another process, on loopback only. Not part of CI.
#
#   bench/load.sh                       # 10 s warm-up, then 64 connections for 30 s
#   bench/load.sh --soak                # 64 connections for 5 minutes, sampling the server's RSS every 10 s
#   bench/load.sh --duration 60 --connections 128 --threads 2
#   bench/load.sh --no-cache            # every request runs the full verification (no result cache)
#   bench/load.sh --no-cache --max-concurrent 4   # at most 4 requests verified at once, the rest queue (FIFO);
#                                                 # without it, the server's default (2 x cores, at least 2)
#   bench/load.sh --url http://127.0.0.1:8080/credentials/verify
#                                       # load servers already running (e.g. behind a balancer, docs/deployment.md)
#                                       # instead of starting one; server options, metrics and RSS do not apply
#
# Installs wrk from Debian's packages if it is missing (apt-get install -y wrk; needs root).
# Environment: JAVA_OPTS for the server JVM (default "-Xms512m -Xmx512m").
set -euo pipefail

DURATION=30
WARMUP=10
CONNECTIONS=64
THREADS=2
SOAK=0
CACHE_SECONDS=60
MAX_CONCURRENT=""
TARGET_URL=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --soak) SOAK=1; DURATION=300; shift ;;
    --no-cache) CACHE_SECONDS=0; shift ;;
    --max-concurrent) MAX_CONCURRENT="$2"; shift 2 ;;
    --url) TARGET_URL="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "load.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/cli/target/mandate.jar"
JAVA_OPTS="${JAVA_OPTS:--Xms512m -Xmx512m}"

if ! command -v wrk >/dev/null 2>&1; then
  echo "load.sh: installing wrk from Debian's packages" >&2
  if ! apt-get install -y wrk >/dev/null 2>&1; then
    apt-get update >/dev/null && apt-get install -y wrk >/dev/null
  fi
fi

"$ROOT/mandate" --version >/dev/null   # builds cli/target/mandate.jar if it is missing or stale

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mandate-load.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export MANDATE_KEYSTORE="$WORK/keystore"
MANDATE_PASSPHRASE="$(head -c 24 /dev/urandom | base64)"
export MANDATE_PASSPHRASE

# A 1 KB agent-capability credential signed with eddsa-rdfc-2022 by a fresh Ed25519 did:key, valid for 2 hours.
unzip -p "$JAR" dev/mandate/vc/issuer/agent-capability-credential.json > "$WORK/unsigned.json"
java -jar "$JAR" key generate --type Ed25519 --name bench >/dev/null
java -jar "$JAR" vc issue --key bench --suite eddsa-rdfc-2022 --valid-for 2h "$WORK/unsigned.json" > "$WORK/credential.json"
printf '{"verifiableCredential":%s}' "$(cat "$WORK/credential.json")" > "$WORK/request.json"
echo "credential: $(wc -c < "$WORK/credential.json") bytes, request body: $(wc -c < "$WORK/request.json") bytes" >&2

if [ -n "$TARGET_URL" ]; then
  case "$TARGET_URL" in
    http://127.*|http://localhost[:/]*|http://\[::1\]*) ;;
    *) echo "load.sh: --url must be a loopback http URL (this script never loads other machines)" >&2; exit 2 ;;
  esac
  URL="$TARGET_URL"
  echo "server: already running at $URL (not started by this script)" >&2
else
  # The server: verifier-only defaults, loopback, access log to a file (as in production).
  LIMITS=""
  [ -n "$MAX_CONCURRENT" ] && LIMITS="\"limits\":{\"maxConcurrentRequests\":$MAX_CONCURRENT},"
  printf '{"bind":"127.0.0.1","port":0,"verifier":{"cacheSeconds":%d},%s"accessLog":{"file":"%s"}}' \
    "$CACHE_SECONDS" "$LIMITS" "$WORK/access.jsonl" > "$WORK/server.json"
  echo "server: verifier result cache $( [ "$CACHE_SECONDS" = 0 ] && echo off || echo "on (${CACHE_SECONDS} s)"), maxConcurrentRequests ${MAX_CONCURRENT:-default}, JAVA_OPTS=$JAVA_OPTS" >&2
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$JAR" serve --config "$WORK/server.json" > "$WORK/serve.out" 2> "$WORK/serve.err" &
  SERVER_PID=$!
  PORT=""
  for _ in $(seq 1 300); do
    if [ -s "$WORK/serve.out" ]; then
      PORT="$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$WORK/serve.out" | head -1)"
      [ -n "$PORT" ] && break
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.err" >&2; echo "load.sh: the server did not start" >&2; exit 3; }
    sleep 0.1
  done
  [ -n "$PORT" ] || { echo "load.sh: the server did not report its port" >&2; exit 3; }
  URL="http://127.0.0.1:$PORT/credentials/verify"
fi

status="$(curl -s -o "$WORK/check.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$WORK/request.json" "$URL" || true)"
if [ "$status" != "200" ]; then
  echo "load.sh: the credential does not verify (HTTP $status): $(cat "$WORK/check.json")" >&2
  exit 3
fi

rss_kib() { if [ -n "$SERVER_PID" ]; then awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; else echo "n/a"; fi; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run" >&2
if [ "$WARMUP" -gt 0 ]; then
  echo "warm-up: $WARMUP s" >&2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$ROOT/bench/verify-post.lua" "$URL" -- "$WORK/request.json" >/dev/null
fi

echo "measuring: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s POST $URL" >&2
RSS_LOG="$WORK/rss.txt"
: > "$RSS_LOG"
if [ "$SOAK" = 1 ]; then
  ( t=0; while kill -0 "$SERVER_PID" 2>/dev/null && [ "$t" -le "$DURATION" ]; do
      echo "$t $(rss_kib)" >> "$RSS_LOG"; sleep 10; t=$((t + 10)); done ) &
  SAMPLER=$!
fi
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/bench/verify-post.lua" "$URL" -- "$WORK/request.json" > "$WORK/wrk.txt"
if [ "$SOAK" = 1 ]; then
  kill "$SAMPLER" 2>/dev/null || true
  wait "$SAMPLER" 2>/dev/null || true
fi
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run" >&2

sed -n '/Thread Stats/,/Latency Distribution/p' "$WORK/wrk.txt" | sed '$d'
grep -E '^ +(50|75|90|99)%' "$WORK/wrk.txt" || true
grep -E 'Requests/sec|Non-2xx|Socket errors' "$WORK/wrk.txt" || true
SUMMARY="$(grep '^{' "$WORK/wrk.txt" | tail -1)"
echo "summary: $SUMMARY"
if [ -z "$TARGET_URL" ]; then
  curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^mandate_verifications_total|^mandate_verification_cache|^mandate_jvm_heap_used_bytes' || true
  echo "access log: $(wc -l < "$WORK/access.jsonl") lines"
  echo "server RSS at the end: $(rss_kib) KiB"
fi
if [ "$SOAK" = 1 ]; then
  echo "RSS samples (seconds KiB):"
  cat "$RSS_LOG"
  awk 'NR==1{first=$2} {last=$2; if ($2>max) max=$2} END {printf "RSS first %d KiB, last %d KiB, max %d KiB\n", first, last, max}' "$RSS_LOG"
fi
