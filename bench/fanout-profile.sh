#!/usr/bin/env bash
# One fan-out run (1,000 members, 10 senders x 10 msg/s, 12 s) against one server, and a look
# inside the server while it runs: the send system calls and context switches it makes over 6 s
# (`perf stat`), or with --record a CPU profile of those 6 s (`perf record`, .NET frames named
# through DOTNET_PerfMapEnabled). Prints the generator's figures and where the report is.
#
# Usage: bench/fanout-profile.sh [--record] [--out DIR] [--load "GENERATOR ARGS"] (PATH/TO/ChatRoom.Web.dll | go-gorilla)
# --load replaces the fan-out load, e.g. the rooms scenario's
# "--clients 10000 --senders 1000 --rooms 1000 --rate 11.111111 --settle-max 600" (measuring for 12 s).
# Needs Debian's linux-perf, a Release build of ChatRoom.Bench, and for go-gorilla Go (see
# ../shared/peers/go-gorilla/run.sh). Only 127.0.0.1 is ever a target.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RECORD=0
LOAD="--clients 1000 --senders 10 --rate 10"
OUT="/tmp/chatroom-fanout-profile-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 1 ]; do
  case "$1" in
    --record) RECORD=1; shift ;;
    --out) OUT="$2"; shift 2 ;;
    --load) LOAD="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
TARGET="${1:?usage: bench/fanout-profile.sh [--record] [--out DIR] (DLL | go-gorilla)}"
PEERS="${CHATROOM_PEERS:-$ROOT/../shared/peers}"
BENCH_DLL="$ROOT/ChatRoom.Bench/bin/Release/net10.0/ChatRoom.Bench.dll"
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)"   # a room of 10,000 needs as many descriptors in each process
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"

echo_flag=()
if [ "$TARGET" = go-gorilla ]; then
  bash "$PEERS/go-gorilla/run.sh" "$PORT" >"$OUT/server.log" 2>&1 &
  echo_flag=(--echo)   # gorilla relays to the sender too
else
  env DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
      Chat__RateLimit__MessagesPerSecond=1000000 Chat__RateLimit__Burst=1000000 Chat__MaxMembers=25000 \
      Chat__MaxRooms=100000 Serilog__MinimumLevel__Default=Warning \
      dotnet "$TARGET" --urls "http://127.0.0.1:$PORT" >"$OUT/server.log" 2>&1 &
fi
LAUNCHER=$!
trap 'kill "$LAUNCHER" ${SERVER_PID:-} 2>/dev/null || true' EXIT
for _ in $(seq 300); do ss -ltnH "sport = :$PORT" | grep -q . && break; sleep 0.1; done
# The process that listens (go-gorilla's run.sh builds first, then execs the server).
SERVER_PID="$(ss -ltnpH "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"

# shellcheck disable=SC2086 # the load is words by design
dotnet "$BENCH_DLL" --url "ws://127.0.0.1:$PORT/ws" --server-pid "$SERVER_PID" --json --quiet "${echo_flag[@]}" \
  $LOAD --seconds 12 --warmup 2 --size 64 --ready-file "$OUT/ready" >"$OUT/bench.json" 2>"$OUT/bench.log" &
GENERATOR=$!
for _ in $(seq 6000); do [ -f "$OUT/ready" ] && break; kill -0 "$GENERATOR" 2>/dev/null || break; sleep 0.1; done
sleep 6   # warmed up and measuring
if [ "$RECORD" = 1 ]; then
  perf record -e cpu-clock -F 999 -g -p "$SERVER_PID" -o "$OUT/perf.data" -- sleep 6 >/dev/null 2>&1
  REPORT="perf report -i $OUT/perf.data --no-children --sort dso,sym -g none"
else
  perf stat -e 'syscalls:sys_enter_sendto,syscalls:sys_enter_write,context-switches' -p "$SERVER_PID" -o "$OUT/perf.stat" -- sleep 6 >/dev/null 2>&1
  REPORT="cat $OUT/perf.stat"
fi
wait "$GENERATOR"
python3 - "$OUT/bench.json" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).read())
d, l, s = r["delivery"], r["latencyMs"], r["server"]
print(f"deliveries/s {d['deliveriesPerSecond']:,.0f}  lost {d['lost']}  p50 {l['p50']:.1f} ms  p99 {l['p99']:.1f} ms"
      f"  server CPU {s['cpuMicrosPerDelivery']:.2f} µs/delivery  ({d['received']:,} deliveries)")
PY
echo "report: $REPORT"
