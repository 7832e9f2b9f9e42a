#!/usr/bin/env python3
"""Aggregates a JFR recording's execution samples: the top self frames, and the share of samples whose stack holds
a frame matching each given pattern (inclusive). Not part of CI.

    bench/jfr-top.py /tmp/grant.jfr                       # top 30 self frames, top 40 inclusive methods
    bench/jfr-top.py /tmp/grant.jfr --thread qtp --match Rdfc --match Ed25519 --match 'AuditLog'
    bench/jfr-top.py /tmp/status.jfr --between 1796600000.0 1796600010.0   # only samples in that window (epoch s,
                                                                           # repeatable), e.g. rounds of bench/status-load.sh
"""
import argparse
import collections
import datetime
import json
import re
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--thread", default="", help="only threads whose name contains this")
    ap.add_argument("--match", action="append", default=[], help="regex on 'Class.method'; inclusive share")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--under", action="append", default=[],
                    help="regex on 'Class.method': splits the samples under its outermost match by the callee below it")
    ap.add_argument("--between", nargs=2, type=float, metavar=("FROM", "TO"), action="append", default=[],
                    help="only samples taken between these times (seconds since the epoch); repeat for several windows")
    a = ap.parse_args()
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", a.file],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    self_c, incl_c, match_c = collections.Counter(), collections.Counter(), collections.Counter()
    under_c = {u: collections.Counter() for u in a.under}
    n = 0
    for e in events:
        v = e["values"]
        name = (v.get("sampledThread") or {}).get("javaName") or ""
        if a.thread not in name:
            continue
        if a.between:
            t = epoch(v["startTime"])
            if not any(w[0] <= t <= w[1] for w in a.between):
                continue
        st = v.get("stackTrace") or {}
        frames = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in (st.get("frames") or [])]
        if not frames:
            continue
        n += 1
        self_c[frames[0]] += 1
        for f in set(frames):
            incl_c[f] += 1
        for m in a.match:
            if any(re.search(m, f) for f in frames):
                match_c[m] += 1
        for u in a.under:
            hits = [i for i, f in enumerate(frames) if re.search(u, f)]
            if hits:
                i = hits[-1]  # outermost: frames are innermost first
                under_c[u][frames[i - 1] if i > 0 else "(self)"] += 1
    print(f"{n} samples" + (f" of threads named *{a.thread}*" if a.thread else ""))
    print("-- self")
    for f, c in self_c.most_common(a.top):
        print(f"{100 * c / n:5.1f}%  {f}")
    print("-- inclusive")
    for f, c in incl_c.most_common(a.top + 10):
        print(f"{100 * c / n:5.1f}%  {f}")
    if a.match:
        print("-- matches (inclusive)")
        for m in a.match:
            print(f"{100 * match_c[m] / max(n, 1):5.1f}%  {m}")


    for u in a.under:
        total = sum(under_c[u].values())
        print(f"-- under {u} ({100 * total / max(n, 1):.1f}% of all samples), by callee")
        for f, c in under_c[u].most_common(a.top):
            print(f"{100 * c / max(n, 1):5.1f}%  {f}")


def epoch(iso):
    """Seconds since the epoch of a JFR time such as 2026-12-06T22:40:01.123456789Z (or with an offset)."""
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$", iso)
    if not m:
        raise ValueError("unexpected JFR time " + iso)
    zone = m.group(3) or "Z"
    t = datetime.datetime.fromisoformat(m.group(1) + ("+00:00" if zone == "Z" else zone))
    return t.timestamp() + float("0." + (m.group(2) or "0"))


if __name__ == "__main__":
    sys.exit(main())
