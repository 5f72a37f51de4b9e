#!/usr/bin/env python3
"""Resume cost: a member that missed exactly N events (default 1,000 = Chat:ResumeWindow) reconnects
with ?since=&epoch= and gets them all in ONE welcome frame. Measures that frame's size and the time
from the TCP connect to the whole welcome read, against a fresh join's welcome in the same run.

Usage: bench/resume-cost.py [--dll PATH] [--missed N] [--trials T]
Starts the built server itself on a free 127.0.0.1 port (rate limit lifted so the filler messages go
through), stops it at the end. Only loopback is ever a target. Prints one JSON line per trial and a
median line; stdlib only (a minimal RFC 6455 client: handshake, masked text frames, unmasked reads).
"""
import argparse, base64, json, os, signal, socket, statistics, struct, subprocess, sys, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Ws:
    def __init__(self, port, query, protocol="chatroom.v1.json"):
        self.t0 = time.perf_counter()
        self.s = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        req = (f"GET /ws?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: {protocol}\r\n\r\n")
        self.s.sendall(req.encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self.buf += self._recv()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        if not head.startswith(b"HTTP/1.1 101"):
            raise RuntimeError(head.decode(errors="replace"))

    def _recv(self):
        d = self.s.recv(1 << 20)
        if not d:
            raise EOFError
        return d

    def _need(self, n):
        while len(self.buf) < n:
            self.buf += self._recv()

    def frame(self):
        """One whole frame: (opcode, payload). The server sends unfragmented, unmasked frames."""
        self._need(2)
        op, ln = self.buf[0] & 0x0F, self.buf[1] & 0x7F
        off = 2
        if ln == 126:
            self._need(4); ln = struct.unpack(">H", self.buf[2:4])[0]; off = 4
        elif ln == 127:
            self._need(10); ln = struct.unpack(">Q", self.buf[2:10])[0]; off = 10
        self._need(off + ln)
        payload, self.buf = self.buf[off:off + ln], self.buf[off + ln:]
        return op, payload, off + ln

    def send(self, text):
        data, mask = text.encode(), os.urandom(4)
        n = len(data)
        head = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n))
        self.s.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def frames_within(self, seconds):
        """Frames that arrive within the next `seconds` (to show nothing follows the welcome)."""
        self.s.settimeout(seconds)
        count = 0
        try:
            while True:
                self.frame(); count += 1
        except (socket.timeout, TimeoutError):
            return count
        finally:
            self.s.settimeout(30)

    def drop(self):
        # A TCP reset, not a close handshake: the member vanished, as after a network drop.
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.s.close()


def room(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/room", timeout=10) as r:
        return json.loads(r.read())


def wait_last(port, target, limit=60):
    end = time.time() + limit
    while time.time() < end:
        if room(port)["last"] >= target:
            return room(port)["last"]
        time.sleep(0.05)
    raise TimeoutError(f"last did not reach {target}")


def welcome(ws):
    op, payload, size = ws.frame()
    t = time.perf_counter() - ws.t0
    return json.loads(payload), size, t


def trial(port, missed, i):
    # A fresh join: its welcome carries the recent history (Chat:HistorySize), the reference point.
    a = Ws(port, f"name=resumer{i}")
    w, fresh_size, fresh_t = welcome(a)
    since, epoch = w["last"], w["epoch"]
    a.drop()
    b = Ws(port, f"name=filler{i}")
    welcome(b)
    last = wait_last(port, since + 2)       # a's leave and b's join are events too
    fill = since + missed - last
    for n in range(fill):
        b.send(f"filler {n:06d} " + "x" * 48)  # 64-byte messages, as in the load scenarios
    wait_last(port, since + missed)
    r = Ws(port, f"name=resumer{i}&since={since}&epoch={epoch}")
    w, size, t = welcome(r)
    extra = r.frames_within(0.3)
    ids = [e["id"] for e in w["history"]]
    ok = w.get("resumed") is True and w.get("missed") == missed and ids == list(range(since + 1, since + missed + 1))
    r.drop(); b.drop()
    time.sleep(0.3)
    return {"trial": i, "missed": w.get("missed"), "resumed": w.get("resumed"), "exact": ok,
            "welcomeBytes": size, "welcomeMs": round(t * 1000, 2), "framesAfterWelcome300ms": extra,
            "freshWelcomeBytes": fresh_size, "freshWelcomeMs": round(fresh_t * 1000, 2)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dll", default=os.path.join(ROOT, "ChatRoom.Web/bin/Release/net10.0/ChatRoom.Web.dll"))
    ap.add_argument("--missed", type=int, default=1000)
    ap.add_argument("--trials", type=int, default=5)
    a = ap.parse_args()
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    env = dict(os.environ, Chat__RateLimit__MessagesPerSecond="1000000", Chat__RateLimit__Burst="1000000",
               Serilog__MinimumLevel__Default="Warning")
    server = subprocess.Popen(["dotnet", a.dll, "--urls", f"http://127.0.0.1:{port}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                room(port); break
            except OSError:
                time.sleep(0.1)
        Ws(port, "name=warmup").drop()  # JIT the join path once, outside the trials
        rows = []
        for i in range(a.trials):
            row = trial(port, a.missed, i)
            print(json.dumps(row)); sys.stdout.flush()
            rows.append(row)
        med = {k: statistics.median(r[k] for r in rows) for k in ("welcomeBytes", "welcomeMs", "freshWelcomeBytes", "freshWelcomeMs", "framesAfterWelcome300ms")}
        med.update({"median_of": len(rows), "allExact": all(r["exact"] for r in rows), "missed": a.missed})
        print(json.dumps(med))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
