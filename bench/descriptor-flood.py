#!/usr/bin/env python3
"""Floods a ChatRoom server on loopback with connections and reports what it held (docs/limits.md).

  bench/descriptor-flood.py PORT PID idle N        N idle TCP connections (never send a byte)
  bench/descriptor-flood.py PORT PID members N     N WebSocket upgrades that never read

Prints, as it goes: connections made, upgrade statuses, the server's open descriptors and RSS,
and how long /healthz takes; at the end the server's chatroom_connections_* metrics. Loopback
only, bounded by N and by a 5 s timeout per step; run several processes for N above this
process's own open-file limit."""
import collections, os, socket, sys, time, urllib.request

port, pid, mode, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
UPGRADE = ("GET /ws?name=m{0} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")


def server():
    try:
        fds = len(os.listdir(f"/proc/{pid}/fd"))
        rss = next(l.split()[1] for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS"))
        return f"server fds {fds} rss {int(rss) // 1024} MiB"
    except FileNotFoundError:
        return "SERVER GONE"


def healthz():
    start = time.monotonic()
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
        return f"/healthz {body.strip().decode()} in {1000 * (time.monotonic() - start):.0f} ms"
    except Exception as e:  # noqa: BLE001 - any failure is the figure
        return f"/healthz FAILED ({e})"


held, statuses = [], collections.Counter()
for i in range(count):
    s = socket.socket()
    s.settimeout(5)
    try:
        s.connect(("127.0.0.1", port))
        if mode == "members":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.sendall(UPGRADE.format(i).encode())
            statuses[s.recv(12)[9:12].decode() or "closed"] += 1
    except OSError as e:
        statuses[type(e).__name__] += 1
    held.append(s)
    if (i + 1) % 2000 == 0 or i + 1 == count:
        print(f"{i + 1} connections; {dict(statuses)}; {server()}; {healthz()}", flush=True)

metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
print("\n".join(l for l in metrics.split("\n") if l.startswith(("chatroom_connections", "chatroom_upgrades", "chatroom_members_online"))))
