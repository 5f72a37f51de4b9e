#!/usr/bin/env bash
# Fan-out through Redis with the room on two instances, against the same load on one instance
# without Redis, in the same run: 1,000 members (half on each instance), 10 senders × 10 msg/s,
# 64-byte messages. Prints one JSON line per setup and the Redis commands per room event.
#
# Usage: bench/two-instances.sh [--seconds S] [--no-build]
# Only 127.0.0.1 is a target; redis-server (Debian's package) runs on a free port, never 6379.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECS=10
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
WEB="$ROOT/ChatRoom.Web/bin/Release/net10.0/ChatRoom.Web.dll"
BENCH="$ROOT/ChatRoom.Bench/bin/Release/net10.0/ChatRoom.Bench.dll"
[ "$BUILD" = 1 ] && dotnet build "$ROOT/ChatRoom.sln" -c Release -nologo -v quiet >&2
OUT="$(mktemp -d /tmp/two-instances.XXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 300); do ss -ltnH "sport = :$1" | grep -q . && return 0; sleep 0.1; done; return 1; }

instance() { # PORT [REDIS]: starts ChatRoom on PORT, sharing REDIS's room when given; echoes its pid
  env Chat__RateLimit__MessagesPerSecond=1000000 Chat__RateLimit__Burst=1000000 Chat__MaxMembers=25000 \
      Serilog__MinimumLevel__Default=Warning ${2:+Redis__Configuration=127.0.0.1:$2} \
      dotnet "$WEB" --urls "http://127.0.0.1:$1" >"$OUT/chatroom.$1.log" 2>&1 &
  echo $!
}

run() { # LABEL PORT_A PID_A PORT_B PID_B: 500 listeners on B, 500 members with the 10 senders on A
  local label="$1" dir="$OUT/$1"; mkdir -p "$dir"
  dotnet "$BENCH" --url "ws://127.0.0.1:$4/ws" --server-pid "$5" --json --quiet --clients 500 --senders 0 \
    --track-senders 10 --id-base 500 --ready-file "$dir/ready.b" --start-file "$dir/go" --warmup 2 \
    --seconds "$SECS" --drain 5 --label "$label listeners" >"$dir/b.json" 2>>"$OUT/bench.log" &
  local b=$!
  for _ in $(seq 1200); do [ -f "$dir/ready.b" ] && break; sleep 0.1; done
  dotnet "$BENCH" --url "ws://127.0.0.1:$2/ws" --server-pid "$3" --json --quiet --clients 500 --senders 10 \
    --rate 10 --size 64 --ready-file "$dir/ready.a" --start-file "$dir/go" --warmup 2 --seconds "$SECS" \
    --drain 5 --label "$label senders" >"$dir/a.json" 2>>"$OUT/bench.log" &
  local a=$!
  for _ in $(seq 1200); do [ -f "$dir/ready.a" ] && break; sleep 0.1; done
  touch "$dir/go"
  wait "$a" "$b" || true
  python3 - "$dir" "$label" <<'PY'
import json, glob, sys
rows = [json.loads(l) for f in sorted(glob.glob(sys.argv[1] + "/*.json")) for l in open(f) if l.startswith("{")]
exp = sum(r["delivery"]["expected"] for r in rows); rec = sum(r["delivery"]["received"] for r in rows)
print(json.dumps({"setup": sys.argv[2], "members": sum(r["connect"]["connected"] for r in rows),
  "lossPercent": 0 if exp == 0 else round((exp - rec) * 100.0 / exp, 3),
  "p50Ms": max(r["latencyMs"]["p50"] for r in rows), "p99Ms": max(r["latencyMs"]["p99"] for r in rows)}))
PY
}

# One instance, no Redis: both generator processes against it.
P1="$(free_port)"; S1="$(instance "$P1")"; PIDS+=("$S1"); wait_port "$P1"
run one-instance "$P1" "$S1" "$P1" "$S1"
kill "$S1"; wait "$S1" 2>/dev/null || true

# Redis and two instances: listeners on B, senders on A.
RP="$(free_port)"
redis-server --port "$RP" --bind 127.0.0.1 --save "" --appendonly no --dir "$OUT" >"$OUT/redis.log" 2>&1 &
PIDS+=("$!"); wait_port "$RP"
PA="$(free_port)"; SA="$(instance "$PA" "$RP")"; PIDS+=("$SA")
PB="$(free_port)"; SB="$(instance "$PB" "$RP")"; PIDS+=("$SB")
wait_port "$PA"; wait_port "$PB"
redis-cli -p "$RP" CONFIG RESETSTAT >/dev/null
run two-instances "$PA" "$SA" "$PB" "$SB"
echo "redis: $(redis-cli -p "$RP" INFO commandstats | grep -E 'cmdstat_(evalsha|publish|xadd)' | tr -d '\r' | cut -d, -f1 | tr '\n' ' ')"
echo "logs: $OUT" >&2
