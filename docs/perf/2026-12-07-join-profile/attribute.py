#!/usr/bin/env python3
"""Attributes each perf sample of the server to one part of a join: the innermost frame (leaf
outward) that names a known part wins; samples of the runtime's own threads go to JIT/GC by thread.
A sample under RoomFanOut is fan-out whatever its leaf (the sends it triggers included); a sample
with no user frame at all (the kernel's loopback TCP path, unwound only that far) is counted apart.
The last column is the share of each part's samples whose leaf is in the kernel.
Usage: perf script -i perf.data -F comm,ip,sym,dso | attribute.py SERVER_CPU_SECONDS JOINS"""
import re, sys
from collections import Counter

THREADS = [(".NET Tiered Com", "JIT: tiered recompilation thread"),
           (".NET Server GC", "GC: server GC threads"), (".NET BGC", "GC: background GC thread"),
           (".NET Sockets", "epoll thread (socket readiness)"), ("Kestrel Timer", "Kestrel timer")]
PARTS = [  # (pattern, part); the first to match from the leaf outward wins
    (r"WelcomeBudget|EncodeWelcome|JsonWire.*Welcome", "welcome: build + encode"),
    (r"Roster", "reader: roster"),
    (r"RoomFanOut|SendPresence|FrameRing", "fan-out: presence/join frames to members"),
    (r"RoomReducer|RoomOutlet|RoomReader|LocalMembers", "reader: apply join (reducer/outlet)"),
    (r"NameKey|MemberName|LookAlike", "names: MemberName/NameKey"),
    (r"RoomLedger|InProcessRoomLog", "log append (ledger)"),
    (r"Room\+<JoinAsync>|ChatRoom\.Rooms\.Room::", "Room.JoinAsync (own)"),
    (r"SendPump|FrameWriter|SharedWriteStream|Outbox|MemberConnection::", "member send pump (welcome/first flush)"),
    (r"MemberConnection\+<RunAsync>|ReceiveLoopAsync|Member::|Member\+|MemberSession", "member set-up / receive loop"),
    (r"UpgradeRules|UpgradeRefusals|TokenBucket|Throttle", "upgrade checks (rules, throttle)"),
    (r"SharedWriteUpgrade|WebSocketManager|AcceptWebSocketAsync|ManagedWebSocket|WebSocketMiddleware|HandshakeHelpers",
     "WebSocket upgrade handshake"),
    (r"ChatSocketEndpoint", "endpoint (own code)"),
    (r"SecurityHeaders", "middleware: security headers"),
    (r"ForwardedHeaders|TrustedProx", "middleware: trusted proxies"),
    (r"Serilog|RequestLogging|Logger", "middleware: request logging (Serilog)"),
    (r"HostFiltering|Routing|EndpointMiddleware|GuardEveryEndpoint", "middleware: routing/host filtering"),
    (r"ConnectionGuard|GuardedListener|BoundedBlockPools|ConnectionLimits", "connection guard + accept"),
    (r"DoSend|SocketSender|SendAsync", "Kestrel socket send"),
    (r"DoReceive|SocketReceiver", "Kestrel socket receive"),
    (r"Http1Connection|HttpParser|HttpProtocol|HttpConnection|KestrelConnection|Http1", "Kestrel HTTP/1.1 parse + request"),
    (r"SocketConnection|SocketConnectionListener|ConnectionDispatcher|AcceptAsync|Accept", "Kestrel accept + connection"),
    (r"SocketAsyncEngine|IOQueue|Pipe", "Kestrel socket I/O (unattributed)"),
]
PARTS = [(re.compile(p), n) for p, n in PARTS]

def samples(lines):
    cur = []
    for line in lines:
        if not line.strip():
            if cur: yield cur
            cur = []
        else:
            cur.append(line.rstrip("\n"))
    if cur: yield cur

FANOUT = re.compile(r"RoomFanOut")
counts, kernel, total = Counter(), Counter(), 0
for s in samples(sys.stdin):
    total += 1
    head, frames = s[0], s[1:]
    part = next((n for t, n in THREADS if head.lstrip().startswith(t)), None)
    if part is None and any(FANOUT.search(f) for f in frames):
        part = "fan-out: join frames to existing members + sends"
    if part is None and not any(".map)" in f or ".dll)" in f for f in frames):
        part = "kernel TCP/loopback, no user frame" if frames and "kernel" in frames[0] else None
    if part is None:
        for f in frames:
            part = next((n for p, n in PARTS if p.search(f)), None)
            if part: break
        else:
            part = "other (runtime, thread pool, unresolved)"
    counts[part] += 1
    kernel[part] += bool(frames) and "kernel" in frames[0]

cpu, joins = float(sys.argv[1]), int(sys.argv[2])
print(f"{total} samples; server CPU {cpu:.2f} s over {joins:,} joins = {cpu / joins * 1e6:.0f} µs/join")
print(f"{'part':52} {'share':>6} {'µs/join':>8} {'kernel':>7}")
for n, c in counts.most_common():
    print(f"{n:52} {c / total:6.1%} {c / total * cpu / joins * 1e6:8.1f} {kernel[n] / c:7.0%}")
