#!/usr/bin/env python3
"""Where a server's CPU goes per credential, from `bench/status-load.sh --perf DIR` (Linux perf, one recording a round).

    bench/perf-diff.py /tmp/status-perf                     # by symbol: samples per 1,000 verifications, and the
                                                            # differences status - plain and status - control
    bench/perf-diff.py /tmp/status-perf --by dso --top 10   # by shared object: JIT-compiled code, kernel, libjvm, ...
    bench/perf-diff.py /tmp/status-perf --skip-rounds 1     # leave out the first round(s)

perf samples CPU time (99 % of it at 499 Hz, so a sample is about 2 ms of one core): unlike JFR's execution samples it
counts the kernel, the JVM's own threads and waiting nowhere, and starting it does not deoptimize the server's code.
With --perf the server runs with -XX:+PreserveFramePointer (call stacks through compiled code), which costs every
credential alike a few percent, so compare the credentials of one recorded run, not a recorded run with another.
The names of JIT-compiled methods come from the perf map status-load.sh saved at the end of the run; code compiled
again during the run may show under an older name. Not part of CI.
"""
import argparse
import collections
import os
import re
import shutil
import signal
import subprocess
import sys


def read_report(data, key):
    """{name: samples} of one recording, self time (no children), by `key` (perf's --sort)."""
    out = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children", "--sort", key, "-g", "none",
                          "--percent-limit", "0", "-q", "--show-nr-samples"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"perf-diff.py: perf report failed on {data}: {out.stderr.strip()[:300]}")
    samples = {}
    for line in out.stdout.splitlines():
        m = re.match(r"\s*[0-9.]+%\s+(\d+)\s+(.*\S)\s*$", line)
        if m:
            name = re.sub(r"\s+", " ", m.group(2))  # perf pads columns to each recording's widest name
            samples[name] = samples.get(name, 0) + int(m.group(1))
    return samples


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # piped into head: stop quietly
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", help="the folder given to status-load.sh --perf")
    ap.add_argument("--by", choices=["sym", "dso"], default="sym", help="per symbol (default) or per shared object")
    ap.add_argument("--top", type=int, default=30, help="rows shown each way (default 30)")
    ap.add_argument("--skip-rounds", type=int, default=0, help="leave out the first N rounds")
    a = ap.parse_args()
    tsv = os.path.join(a.dir, "requests.tsv")
    if not os.path.isfile(tsv):
        sys.exit(f"perf-diff.py: no {tsv}; record with bench/status-load.sh --perf {a.dir}")
    if shutil.which("perf") is None:
        sys.exit("perf-diff.py: needs Linux perf (apt-get install -y linux-perf)")
    rounds = [line.split("\t") for line in open(tsv).read().split("\n") if line.strip()]
    if any(len(r) != 3 or not r[0].isdigit() or not r[2].isdigit() for r in rounds):
        sys.exit(f"perf-diff.py: {tsv} is not what status-load.sh --perf writes (round, credential, requests per line)")
    pid = open(os.path.join(a.dir, "server.pid")).read().strip() if os.path.exists(os.path.join(a.dir, "server.pid")) else ""
    saved_map = os.path.join(a.dir, f"perf-{pid}.map")
    tmp_map = f"/tmp/perf-{pid}.map"
    placed = False
    if pid and os.path.exists(saved_map) and not os.path.exists(tmp_map):
        shutil.copy(saved_map, tmp_map)  # perf looks the JIT's names up there
        placed = True
    try:
        totals = collections.defaultdict(collections.Counter)
        requests = collections.Counter()
        for r, cred, n in rounds:
            if int(r) <= a.skip_rounds:
                continue
            data = os.path.join(a.dir, f"round-{r}-{cred}.data")
            if not os.path.exists(data):
                sys.exit(f"perf-diff.py: {data} is missing")
            totals[cred].update(read_report(data, "dso,sym" if a.by == "sym" else "dso"))
            requests[cred] += int(n)
    finally:
        if placed:
            os.remove(tmp_map)
    creds = [c for c in ("plain", "status", "evidence") if requests[c]]
    if len(creds) < 2:
        sys.exit("perf-diff.py: fewer than two credentials recorded")
    per = {c: {k: v * 1000 / requests[c] for k, v in totals[c].items()} for c in creds}
    print("samples per 1,000 verifications (one sample ~ 2 ms of CPU):",
          ", ".join(f"{c} {sum(per[c].values()):.1f} ({requests[c]} verifications)" for c in creds))
    names = set().union(*(per[c].keys() for c in creds))
    head = "  ".join(f"{c:>8}" for c in creds)
    for base in [c for c in ("plain", "evidence") if c in creds and "status" in creds]:
        rows = sorted(((per["status"].get(k, 0) - per[base].get(k, 0), k) for k in names), reverse=True)
        print(f"\nstatus - {base}: {sum(d for d, _ in rows):+.1f}; largest differences either way")
        print(f"{head}  {'diff':>7}  symbol")
        for d, k in rows[:a.top] + [("...", "")] + rows[-a.top // 3:] if len(rows) > a.top else rows:
            if d == "...":
                print("   ...")
                continue
            print("  ".join(f"{per[c].get(k, 0):8.2f}" for c in creds) + f"  {d:+7.2f}  {k[:140]}")


if __name__ == "__main__":
    main()
