#!/usr/bin/env python3
"""Slow-client load for `mandate serve`, on loopback only. Not part of CI.

Keeps N connections open that send POST /credentials/verify headers at once and then trickle the body
in at RATE bytes per second (or, with --slow-headers, trickle the headers themselves). A connection the
server closes is opened again at once, so the pressure stays at N. Stops by itself after --seconds.
At the end prints one JSON line: how many connections were opened, cut off by the server (answered 408,
or closed without an answer), and how long they had been open when cut (median, max).

  bench/slow-clients.py --port 8080 --connections 300 --rate 0.5 --seconds 30
  bench/slow-clients.py --port 8080 --connections 300 --slow-headers --seconds 30

Run a load generator (wrk, see load.sh) against the same server meanwhile to see what the slow clients do
to everyone else.
"""
import argparse
import json
import selectors
import socket
import statistics
import sys
import time

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--connections", type=int, default=300)
    ap.add_argument("--rate", type=float, default=0.5, help="bytes per second per connection (default 0.5)")
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--slow-headers", action="store_true", help="trickle the request headers instead of the body")
    a = ap.parse_args()
    if a.host not in LOOPBACK:
        sys.exit("slow-clients.py: loopback only (127.0.0.1 or ::1)")
    if not (1 <= a.connections <= 2000 and 0 < a.seconds <= 120 and 0 < a.rate <= 1000):
        sys.exit("slow-clients.py: 1-2000 connections, up to 120 s, a rate of at most 1000 B/s")

    headers = (f"POST /credentials/verify HTTP/1.1\r\nHost: {a.host}\r\nContent-Type: application/json\r\n"
               f"Content-Length: 100000\r\n\r\n").encode()
    sel = selectors.DefaultSelector()
    conns = {}  # socket -> [opened, bytes sent so far, next send time, pending (bytes still to trickle)]
    stats = {"opened": 0, "answered408": 0, "closedWithoutAnswer": 0, "otherAnswer": 0}
    lifetimes = []
    interval = 1.0 / a.rate

    def open_one(now):
        s = socket.create_connection((a.host, a.port))
        s.setblocking(False)
        if a.slow_headers:
            pending = headers
        else:
            s.send(headers + b"{")
            pending = b" " * 99_999
        conns[s] = [now, 0, now + interval, pending]
        sel.register(s, selectors.EVENT_READ)
        stats["opened"] += 1

    def finish(s, now, answer):
        opened = conns.pop(s)[0]
        sel.unregister(s)
        s.close()
        lifetimes.append(now - opened)
        if answer.startswith(b"HTTP/1.1 408"):
            stats["answered408"] += 1
        elif answer:
            stats["otherAnswer"] += 1
        else:
            stats["closedWithoutAnswer"] += 1

    start = time.monotonic()
    end = start + a.seconds
    for _ in range(a.connections):
        open_one(time.monotonic())
    while True:
        now = time.monotonic()
        if now >= end:
            break
        for key, _ in sel.select(timeout=0.05):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            finish(s, time.monotonic(), data)
            if time.monotonic() < end:
                open_one(time.monotonic())
        now = time.monotonic()
        for s, c in list(conns.items()):
            if now >= c[2] and c[3]:
                try:
                    s.send(c[3][:1])
                    c[3] = c[3][1:]
                    c[1] += 1
                except OSError:
                    finish(s, now, b"")
                    open_one(now)
                    continue
                c[2] = now + interval
    still_open = len(conns)
    for s in list(conns):
        sel.unregister(s)
        s.close()
    cut = [t for t in lifetimes]
    print(json.dumps({**stats, "openAtTheEnd": still_open, "seconds": a.seconds,
                      "cutAfterSecondsMedian": round(statistics.median(cut), 2) if cut else None,
                      "cutAfterSecondsMax": round(max(cut), 2) if cut else None}))


if __name__ == "__main__":
    main()
