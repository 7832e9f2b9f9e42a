#!/usr/bin/env bash
# A/B speed of the verify operations: a base revision against the working tree, in one JVM, interleaved, so
# the noise of a shared machine falls on both builds alike (dev.mandate.bench.ab.AbCompare). Not part of CI.
#
#   bench/ab.sh 1b2f6f2            # base = that commit, new = the working tree; 15 rounds of 0.4 s bursts
#   bench/ab.sh main 25 0.5        # more rounds, longer bursts
#
# The base revision must have the verification pipeline's Verifier.verify(String, VerifyOptions), Issuer.issue
# and JoseIssuer.issueJwt (every revision of the last years does). Builds both fat jars; needs only Maven.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BASE_REV="${1:?usage: bench/ab.sh BASE_REV [ROUNDS] [BURST_SECONDS]}"
ROUNDS="${2:-15}"
BURST="${3:-0.4}"
WORK="$(mktemp -d)"
trap 'git -C "$ROOT" worktree remove --force "$WORK/base" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

git -C "$ROOT" worktree add --detach -q "$WORK/base" "$BASE_REV"
echo "building base ($BASE_REV) and new (working tree) ..." >&2
(cd "$WORK/base" && mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package -pl cli -am)
(cd "$ROOT" && mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package -pl cli,bench -am)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -cp "$ROOT/bench/target/classes" dev.mandate.bench.ab.AbCompare \
    "$WORK/base/cli/target/mandate.jar" "$ROOT/cli/target/mandate.jar" "$ROUNDS" "$BURST"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
