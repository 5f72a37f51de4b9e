#!/usr/bin/env bash
# Rooms over Redis: the same load on two instances sharing one redis-server, and on two instances
# sharing a 3-master Redis Cluster (redis-server --cluster-enabled yes processes joined by
# redis-cli --cluster create), the setups taking turns within each run. 10,000 members over
# --rooms rooms (1,000 of 10 by default), half of every room on each instance: members 0-4,999
# (with the senders) on instance A, 5,000-9,999 (listeners) on instance B, so every room's messages
# cross Redis. Prints one JSON line per setup and run (deliveries/s, loss, worst p99, both
# instances' and Redis's CPU per delivery) and a table of medians.
#
# Usage: bench/rooms-redis.sh [--runs N] [--rooms R] [--clients N] [--senders K] [--deliveries D]
#                             [--seconds S] [--setups "one-redis cluster"] [--out DIR] [--no-build]
# Only 127.0.0.1 is a target; every redis-server runs on a free port (never 6379) and is stopped on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3; ROOMS=1000; CLIENTS=10000; SENDERS=1000; DELIVERIES=100000; SECS=10; BUILD=1
SETUPS="one-redis cluster"; OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --rooms) ROOMS="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --senders) SENDERS="$2"; shift 2 ;;
    --deliveries) DELIVERIES="$2"; shift 2 ;;
    --seconds) SECS="$2"; shift 2 ;;
    --setups) SETUPS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for tool in dotnet python3 ss redis-server redis-cli; do
  command -v "$tool" >/dev/null || { echo "rooms-redis.sh needs $tool" >&2; exit 1; }
done
ulimit -n "$(ulimit -Hn)"
WEB="$ROOT/ChatRoom.Web/bin/Release/net10.0/ChatRoom.Web.dll"
BENCH="$ROOT/ChatRoom.Bench/bin/Release/net10.0/ChatRoom.Bench.dll"
[ "$BUILD" = 1 ] && dotnet build "$ROOT/ChatRoom.sln" -c Release -nologo -v quiet >&2
OUT="${OUT:-/tmp/rooms-redis-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"; rm -f "$OUT"/*.jsonl "$OUT"/table.md
HALF=$((CLIENTS / 2))
SIZE=$((CLIENTS / ROOMS))
[ "$SIZE" -ge 2 ] || { echo "$CLIENTS members make rooms of fewer than 2" >&2; exit 2; }
# The rate per sender that offers DELIVERIES deliveries/s in all (a message in a room of M is M-1 copies).
RATE="$(python3 -c "print(round($DELIVERIES / ($SENDERS * ($SIZE - 1)), 6))")"

PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A cluster node also listens on PORT+10000 (the cluster bus): both must be free.
free_port() {
  python3 -c '
import socket, random
for _ in range(1000):
    p = random.randint(20000, 45000)
    try:
        for q in (p, p + 10000):
            s = socket.socket(); s.bind(("127.0.0.1", q)); s.close()
        print(p); break
    except OSError: pass'
}
wait_port() { for _ in $(seq 600); do ss -ltnH "sport = :$1" | grep -q . && return 0; sleep 0.1; done; return 1; }
stop() { # PID...
  local p
  for p in "$@"; do kill "$p" 2>/dev/null || true; done
  for p in "$@"; do for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -9 "$p" 2>/dev/null || true; done
}

redis() { # PORT [ARGS...]: a throw-away redis-server; echoes its pid
  local port="$1"; shift
  mkdir -p "$OUT/redis.$port"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$OUT/redis.$port" "$@" \
    >"$OUT/redis.$port.log" 2>&1 &
  echo $!
}

instance() { # PORT REDIS_CONFIGURATION: ChatRoom sharing rooms through Redis; echoes its pid
  env Chat__RateLimit__MessagesPerSecond=1000000 Chat__RateLimit__Burst=1000000 Chat__MaxMembers=25000 \
      Chat__MaxRooms=100000 Serilog__MinimumLevel__Default=Warning Redis__Configuration="$2" \
      dotnet "$WEB" --urls "http://127.0.0.1:$1" >"$OUT/chatroom.$1.log" 2>&1 &
  echo $!
}

# Starts the setup's Redis; sets REDIS_PIDS and REDIS_CONF.
start_redis() {
  REDIS_PIDS=()
  if [ "$1" = one-redis ]; then
    local p; p="$(free_port)"
    REDIS_PIDS+=("$(redis "$p")"); wait_port "$p"
    REDIS_CONF="127.0.0.1:$p"
    return
  fi
  local ports=() p
  for _ in 1 2 3; do
    p="$(free_port)"; ports+=("$p")
    REDIS_PIDS+=("$(redis "$p" --cluster-enabled yes --cluster-config-file "nodes-$p.conf" --cluster-node-timeout 5000 --cluster-require-full-coverage no)")
    wait_port "$p"
  done
  redis-cli --cluster create "${ports[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >"$OUT/cluster-create.log" 2>&1
  for _ in $(seq 100); do
    redis-cli -p "${ports[0]}" CLUSTER INFO | grep -q 'cluster_state:ok' && break
    sleep 0.1
  done
  REDIS_CONF="$(printf '127.0.0.1:%s,' "${ports[@]}")"; REDIS_CONF="${REDIS_CONF%,}"
}

cpu_ticks() { # PID...: utime+stime summed, in clock ticks
  local total=0 p
  for p in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo "$total"
}

run() { # SETUP RUN: one measurement; appends a JSON line to $OUT/SETUP.jsonl
  local setup="$1" dir="$OUT/$1.$2"; mkdir -p "$dir"
  start_redis "$setup"
  PIDS+=("${REDIS_PIDS[@]}")
  local pa pb sa sb
  pa="$(free_port)"; sa="$(instance "$pa" "$REDIS_CONF")"; PIDS+=("$sa")
  pb="$(free_port)"; sb="$(instance "$pb" "$REDIS_CONF")"; PIDS+=("$sb")
  wait_port "$pa"; wait_port "$pb"; sleep 1
  local common=(--json --quiet --rooms "$ROOMS" --size 64 --warmup 2 --seconds "$SECS" --drain 5 --settle-max 600
    --start-file "$dir/go")
  timeout 900 dotnet "$BENCH" --url "ws://127.0.0.1:$pb/ws" --server-pid "$sb" "${common[@]}" --clients "$HALF" \
    --senders 0 --track-senders "$SENDERS" --id-base "$HALF" --ready-file "$dir/ready.b" \
    --label "$setup listeners" >"$dir/b.json" 2>>"$OUT/bench.log" &
  local b=$!
  for _ in $(seq 6000); do [ -f "$dir/ready.b" ] && break; kill -0 "$b" 2>/dev/null || break; sleep 0.1; done
  timeout 900 dotnet "$BENCH" --url "ws://127.0.0.1:$pa/ws" --server-pid "$sa" "${common[@]}" --clients "$HALF" \
    --senders "$SENDERS" --rate "$RATE" --ready-file "$dir/ready.a" --label "$setup senders" \
    >"$dir/a.json" 2>>"$OUT/bench.log" &
  local a=$!
  for _ in $(seq 6000); do [ -f "$dir/ready.a" ] && break; kill -0 "$a" 2>/dev/null || break; sleep 0.1; done
  local redis0; redis0="$(cpu_ticks "${REDIS_PIDS[@]}")"
  touch "$dir/go"
  wait "$a" "$b" || true
  local redis1; redis1="$(cpu_ticks "${REDIS_PIDS[@]}")"
  python3 - "$dir" "$setup" "$(( redis1 - redis0 ))" "$(getconf CLK_TCK)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY' >>"$OUT/$setup.jsonl"
import json, glob, sys
d, setup, ticks, hz, load = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
rows = [json.loads(l) for f in sorted(glob.glob(d + "/*.json")) for l in open(f) if l.startswith("{")]
if len(rows) < 2 or any(r.get("delivery") is None for r in rows):
    print(json.dumps({"setup": setup, "error": "a generator process failed"})); sys.exit()
exp = sum(r["delivery"]["expected"] for r in rows); rec = sum(r["delivery"]["received"] for r in rows)
window = max(r["delivery"]["windowSeconds"] for r in rows)
cpu = sum((r.get("server") or {}).get("cpuSeconds", 0) for r in rows)
rooms = [r.get("rooms") or {} for r in rows]
print(json.dumps({"setup": setup, "loadAverage": load, "members": sum(r["connect"]["connected"] for r in rows),
  "expected": exp, "received": rec, "lossPercent": 0 if exp == 0 else (exp - rec) * 100.0 / exp,
  "deliveriesPerSecond": rec / window if window else 0,
  "p50Ms": max(r["latencyMs"]["p50"] for r in rows), "p99Ms": max(r["latencyMs"]["p99"] for r in rows),
  "serverCpuMicrosPerDelivery": cpu * 1e6 / rec if rec else 0,
  "redisCpuMicrosPerDelivery": ticks / hz * 1e6 / rec if rec else 0,
  "roomsShort": sum(x.get("roomsShort", 0) for x in rooms), "crossRoom": sum(x.get("crossRoom", 0) for x in rooms),
  "membersLost": sum(r["membersLost"] for r in rows)}))
PY
  tail -1 "$OUT/$setup.jsonl" >&2
  stop "$sa" "$sb"; stop "${REDIS_PIDS[@]}"
}

echo "results: $OUT ($CLIENTS members, $ROOMS rooms of $SIZE, $SENDERS senders x $RATE msg/s; runs: $RUNS)" >&2
for r in $(seq 1 "$RUNS"); do
  for setup in $SETUPS; do
    echo "== $setup / run $r (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    run "$setup" "$r"
  done
done

python3 - "$OUT" "$SETUPS" <<'PY' | tee "$OUT/table.md"
import json, statistics, sys, os
out, setups = sys.argv[1], sys.argv[2].split()
rows = [("deliveries/s", "deliveriesPerSecond", "{:,.0f}"), ("loss %", "lossPercent", "{:.2f}"),
        ("latency p50 ms (worst process)", "p50Ms", "{:.1f}"), ("latency p99 ms (worst process)", "p99Ms", "{:.1f}"),
        ("both instances' CPU µs/delivery", "serverCpuMicrosPerDelivery", "{:.2f}"),
        ("Redis CPU µs/delivery", "redisCpuMicrosPerDelivery", "{:.2f}"),
        ("rooms short of their copies", "roomsShort", "{:.0f}"), ("cross-room copies", "crossRoom", "{:.0f}")]
data = {s: [json.loads(l) for l in open(os.path.join(out, s + ".jsonl")) if '"error"' not in l] for s in setups
        if os.path.exists(os.path.join(out, s + ".jsonl"))}
cols = list(data)
print("\n| metric | " + " | ".join(cols) + (" | " + " ÷ ".join(reversed(cols)) if len(cols) == 2 else "") + " |")
print("|" + "---|" * (len(cols) + 1 + (len(cols) == 2)))
for label, key, f in rows:
    med = [statistics.median([r[key] for r in data[c]]) if data[c] else None for c in cols]
    cells = [f.format(m) if m is not None else "–" for m in med]
    if len(cols) == 2:
        cells.append(f"{med[1] / med[0]:.2f}×" if med[1] is not None and med[0] else "–")
    print(f"| {label} | " + " | ".join(cells) + " |")
PY
echo "raw JSON lines and logs: $OUT" >&2
