#!/usr/bin/env bash
# Side-by-side load comparison: ChatRoom vs the peer chat servers in /work/shared/peers
# (go-gorilla, node-ws; go-gorilla-echo, node-ws-echo for the echo scenarios), same scenarios,
# same machine, same run. Prints one markdown table
# of medians (and writes it, every raw JSON line and one SVG chart per scenario under the results
# directory).
#
# Usage: bench/compare.sh [--runs N] [--quick] [--capacity] [--servers "chatroom go-gorilla node-ws"]
#                         [--scenarios "fanout burst idle"] [--idle-clients N] [--seconds S]
#                         [--peers DIR] [--out DIR] [--no-build] [--capacity-per-process N]
#                         [--old-dll PATH] [--variant NAME "K=V ..."]... [--dll NAME PATH]...
#                         [--generator-args "ARGS"] [--rooms-clients N] [--rooms-senders K]
#                         [--rooms-deliveries D]
#
# `--servers` may also name `chatroom-old`: an earlier ChatRoom build (--old-dll, or
# $CHATROOM_OLD_DLL) run exactly like `chatroom`, so old and new are compared in the same run.
# Build it in its own worktree, e.g. `git worktree add ../wt-old 6989357 && dotnet build -c Release`.
# `--variant NAME "K=V ..."` adds a server NAME (list it in --servers): this ChatRoom build with those
# extra environment variables, e.g. `--variant wks "DOTNET_gcServer=0"`, for A/B runs of a setting.
# `--dll NAME PATH` adds a server NAME that is another ChatRoom build, run like `chatroom`: one
# step of a change against the next in the same run.
# `--scenarios echo` is echo-32 and echo-4k: 100 connections in a closed loop (send, wait for the
# echo) on ChatRoom's /echo and the echo peers, 32-byte and 4 KiB messages
# (`--servers "chatroom go-gorilla-echo node-ws-echo" --scenarios echo`). Echo scenarios run only
# against chatroom builds and echo peers; chat scenarios never against an echo peer.
# `--scenarios rooms` is rooms-1000x10, rooms-10x1000 and rooms-1x10000: the same 10,000 members
# (--rooms-clients) and 1,000 senders (--rooms-senders) spread over 1,000 rooms of 10, 10 rooms of
# 1,000 and one room of 10,000 (members join through ?room=), each offered the same 100,000
# deliveries/s (--rooms-deliveries; the rate per sender follows from the room size). ChatRoom
# builds only: the peers have one room.
# `--generator-args` passes options to every generator process, e.g. "--client-websocket" to load
# the servers through ClientWebSocket instead of the generator's raw frame parser.
#
# Every server is started by this script on a free loopback port, fresh for every run, and
# stopped again (a trap also stops it on Ctrl+C or error). Only 127.0.0.1 is ever a target.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3
QUICK=0
CAPACITY=0
BUILD=1
SERVERS="chatroom go-gorilla node-ws"
SCENARIOS="fanout burst idle"
PEERS="${CHATROOM_PEERS:-$ROOT/../shared/peers}"
[ -d "$PEERS" ] || PEERS=/work/shared/peers
OUT=""
IDLE_OVERRIDE=""
SECS_OVERRIDE=""
CAP_OVERRIDE=""
OLD_DLL="${CHATROOM_OLD_DLL:-}"
GEN_ARGS=""
ROOMS_CLIENTS=10000
ROOMS_SENDERS=1000
ROOMS_DELIVERIES=100000
declare -A VARIANTS=()
declare -A DLLS=()

while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --quick) QUICK=1; RUNS=1; shift ;;
    --capacity) CAPACITY=1; shift ;;
    --servers) SERVERS="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --peers) PEERS="$2"; shift 2 ;;
    --idle-clients) IDLE_OVERRIDE="$2"; shift 2 ;;
    --seconds) SECS_OVERRIDE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --capacity-per-process) CAP_OVERRIDE="$2"; shift 2 ;;
    --old-dll) OLD_DLL="$2"; shift 2 ;;
    --variant) VARIANTS["$2"]="$3"; shift 3 ;;
    --dll) DLLS["$2"]="$3"; shift 3 ;;
    --generator-args) GEN_ARGS="$2"; shift 2 ;;
    --rooms-clients) ROOMS_CLIENTS="$2"; shift 2 ;;
    --rooms-senders) ROOMS_SENDERS="$2"; shift 2 ;;
    --rooms-deliveries) ROOMS_DELIVERIES="$2"; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$CAPACITY" = 1 ] && SCENARIOS="$SCENARIOS capacity"
SCENARIOS="$(echo " $SCENARIOS " | sed 's/ echo / echo-32 echo-4k /; s/ rooms / rooms-1000x10 rooms-10x1000 rooms-1x10000 /; s/^ *//; s/ *$//')"

# Ten thousand members need ten thousand descriptors in the server and as many in the generator.
ulimit -n "$(ulimit -Hn)"
FDS="$(ulimit -n)"

OUT="${OUT:-/tmp/chatroom-compare-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
# Results are appended run by run: start from empty files, so that a reused --out folder cannot
# mix an earlier run's lines into these medians.
rm -f "$OUT"/*.jsonl "$OUT"/table.md
BENCH_DLL="$ROOT/ChatRoom.Bench/bin/Release/net10.0/ChatRoom.Bench.dll"
WEB_DLL="$ROOT/ChatRoom.Web/bin/Release/net10.0/ChatRoom.Web.dll"

# Scenario sizes. --quick is a smoke test of the script, not a measurement.
if [ "$QUICK" = 1 ]; then
  SECS=3; WARM=1; IDLE_CLIENTS=1000; HOLD=2; CAP_PER_PROC=500; CAP_PROCS=2
else
  SECS=10; WARM=2; IDLE_CLIENTS=10000; HOLD=5; CAP_PER_PROC=4950; CAP_PROCS=4
fi
IDLE_CLIENTS="${IDLE_OVERRIDE:-$IDLE_CLIENTS}"
SECS="${SECS_OVERRIDE:-$SECS}"
CAP_PER_PROC="${CAP_OVERRIDE:-$CAP_PER_PROC}"

for tool in dotnet python3 ss; do
  command -v "$tool" >/dev/null || { echo "compare.sh needs $tool" >&2; exit 1; }
done

if [ "$BUILD" = 1 ]; then
  echo "building Release once..." >&2
  dotnet build "$ROOT/ChatRoom.sln" -c Release -nologo -v quiet >&2
fi

SERVER_PID=""
STARTED_PIDS=()
cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_listening() { # PORT PID
  for _ in $(seq 600); do
    if ss -ltnH "sport = :$1" | grep -q .; then return 0; fi
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# Starts NAME on a fresh port; sets PORT and SERVER_PID (the server process itself: run.sh execs).
start_server() {
  local name="$1" log="$OUT/$1.server.log" dll="$WEB_DLL" extra=""
  PORT="$(free_port)"
  case "$name" in
    go-gorilla) bash "$PEERS/go-gorilla/run.sh" "$PORT" >"$log" 2>&1 & ;;
    node-ws) bash "$PEERS/node-ws/run.sh" "$PORT" >"$log" 2>&1 & ;;
    go-gorilla-echo) bash "$PEERS/go-gorilla-echo/run.sh" "$PORT" >"$log" 2>&1 & ;;
    node-ws-echo) bash "$PEERS/node-ws-echo/run.sh" "$PORT" >"$log" 2>&1 & ;;
    *)
      if [ "$name" = chatroom-old ]; then
        dll="$OLD_DLL"
        [ -f "$dll" ] || { echo "chatroom-old needs --old-dll PATH (a built ChatRoom.Web.dll)" >&2; return 1; }
      elif [ -n "${DLLS[$name]+set}" ]; then
        dll="${DLLS[$name]}"
        [ -f "$dll" ] || { echo "$name: no ChatRoom.Web.dll at $dll" >&2; return 1; }
      elif [ "$name" != chatroom ]; then
        [ -n "${VARIANTS[$name]+set}" ] || { echo "unknown server $name" >&2; return 1; }
        extra="${VARIANTS[$name]}"
      fi
      # Rate limit lifted so the burst scenario measures fan-out, not the flood guard (the contract's
      # default is 10 msg/s, burst 20); MaxMembers above the idle and capacity sizes, MaxRooms above
      # the rooms scenarios' (a build without rooms ignores the key); logs quiet.
      # shellcheck disable=SC2086 # a variant's settings are words by design
      env Chat__RateLimit__MessagesPerSecond=1000000 Chat__RateLimit__Burst=1000000 \
          Chat__MaxMembers=25000 Chat__MaxRooms=100000 Serilog__MinimumLevel__Default=Warning $extra \
          dotnet "$dll" --urls "http://127.0.0.1:$PORT" >"$log" 2>&1 &
      ;;
  esac
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  if ! wait_listening "$PORT" "$SERVER_PID"; then
    echo "$name did not start; see $log" >&2
    tail -5 "$log" >&2 || true
    return 1
  fi
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}

bench() { # NAME ARGS...: one generator process, its JSON line on stdout
  local name="$1"; shift
  local echo_flag=()
  [ "$name" = go-gorilla ] && echo_flag=(--echo)   # gorilla relays to the sender too
  # shellcheck disable=SC2086 # the generator's extra options are words by design
  timeout 900 dotnet "$BENCH_DLL" --url "ws://127.0.0.1:$PORT/ws" --server-pid "$SERVER_PID" \
    --json --quiet "${echo_flag[@]}" $GEN_ARGS "$@" 2>>"$OUT/$name.bench.log"
}

# The echo scenarios: one generator process, 100 connections in a closed loop on /echo.
echo_bench() { # NAME SIZE: its JSON line on stdout
  timeout 900 dotnet "$BENCH_DLL" echo --url "ws://127.0.0.1:$PORT/echo" --server-pid "$SERVER_PID" \
    --json --clients 100 --size "$2" --seconds "$SECS" --warmup "$WARM" --label "echo-$2" 2>>"$OUT/$1.bench.log"
}

# Echo scenarios against ChatRoom and the echo peers only; chat scenarios never against an echo peer.
applies() { # SCENARIO NAME
  case "$1" in
    echo-*) case "$2" in go-gorilla|node-ws) return 1 ;; esac ;;
    rooms-*) case "$2" in go-gorilla|node-ws|*-echo) return 1 ;; esac ;;
    *) case "$2" in *-echo) return 1 ;; esac ;;
  esac
}

scenario_args() {
  case "$1" in
    fanout) echo "--clients 1000 --senders 10 --rate 10 --seconds $SECS --warmup $WARM --size 64" ;;
    burst) echo "--clients 100 --senders 100 --rate 0 --seconds $SECS --warmup $WARM --size 64" ;;
    # ChatRoom announces every join to every member (N^2/2 frames while connecting): allow it to settle.
    idle) echo "--clients $IDLE_CLIENTS --senders 0 --hold $HOLD --connect-concurrency 64 --settle-max 600" ;;
    rooms-*) rooms_args "${1#rooms-}" ;;
  esac
}

# ROOMSxSIZE: ROOMS_CLIENTS members over ROOMS rooms, ROOMS_SENDERS senders spread evenly over them,
# each sending at the rate that offers ROOMS_DELIVERIES deliveries/s in all (a message in a room of
# M members is M-1 deliveries), so the layouts differ only in how the same load is cut into rooms.
rooms_args() {
  local rooms="${1%x*}" size
  size=$((ROOMS_CLIENTS / rooms))
  [ "$size" -ge 2 ] || { echo "rooms-$1: $ROOMS_CLIENTS members make rooms of fewer than 2" >&2; return 1; }
  local rate; rate="$(python3 -c "print(round($ROOMS_DELIVERIES / ($ROOMS_SENDERS * ($size - 1)), 6))")"
  echo "--clients $ROOMS_CLIENTS --senders $ROOMS_SENDERS --rooms $rooms --rate $rate --seconds $SECS" \
    "--warmup $WARM --size 64 --connect-concurrency 64 --settle-max 600"
}

# Capacity: CAP_PROCS generator processes of CAP_PER_PROC members each (one process cannot hold
# them all under the per-process descriptor limit); one more sends 1 msg/s to everyone. Every
# process starts sending/measuring when all are connected (ready files, then one start file).
capacity_run() { # NAME -> merged JSON line
  local name="$1" dir; dir="$(mktemp -d "$OUT/cap.XXXX")"
  local rss0; rss0="$(awk '/VmRSS/{print $2}' "/proc/$SERVER_PID/status")"
  local pids=() i listeners=$((CAP_PROCS - 1)) total=$((CAP_PROCS * CAP_PER_PROC))
  local echo_flag=(); [ "$name" = go-gorilla ] && echo_flag=(--echo)
  for i in $(seq 1 "$listeners"); do
    # shellcheck disable=SC2086
    timeout 1800 dotnet "$BENCH_DLL" --url "ws://127.0.0.1:$PORT/ws" --server-pid "$SERVER_PID" --json --quiet \
      "${echo_flag[@]}" $GEN_ARGS --clients "$CAP_PER_PROC" --senders 0 --track-senders 1 --id-base $((i * CAP_PER_PROC)) \
      --ready-file "$dir/ready.$i" --start-file "$dir/go" --warmup 1 --seconds "$SECS" --drain 5 \
      --settle-max 900 --rss-baseline-kb "$rss0" --label "listener $i" >"$dir/l.$i.json" 2>>"$OUT/$name.bench.log" &
    pids+=($!)
    # One at a time: each process's ramp-up is then its own, and the room's join storm stays bounded.
    for _ in $(seq 9000); do [ -f "$dir/ready.$i" ] && break; kill -0 "${pids[-1]}" 2>/dev/null || break; sleep 0.1; done
  done
  # shellcheck disable=SC2086
  timeout 1800 dotnet "$BENCH_DLL" --url "ws://127.0.0.1:$PORT/ws" --server-pid "$SERVER_PID" --json --quiet \
    "${echo_flag[@]}" $GEN_ARGS --clients "$CAP_PER_PROC" --senders 1 --rate 1 --seconds "$SECS" --warmup 1 --drain 5 \
    --ready-file "$dir/ready.s" --start-file "$dir/go" \
    --settle-max 900 --rss-baseline-kb "$rss0" --label sender >"$dir/s.json" 2>>"$OUT/$name.bench.log" &
  pids+=($!)
  for _ in $(seq 9000); do [ -f "$dir/ready.s" ] && break; kill -0 "${pids[-1]}" 2>/dev/null || break; sleep 0.1; done
  # Every process is connected and the room is quiet: all start warm-up and measurement together.
  touch "$dir/go"
  wait "${pids[@]}" 2>/dev/null || true
  python3 - "$dir" "$total" <<'PY'
import json, glob, sys
d, total = sys.argv[1], int(sys.argv[2])
rows = [json.loads(l) for f in sorted(glob.glob(d + "/*.json")) for l in open(f) if l.startswith("{")]
s = next((r for r in rows if r.get("label") == "sender"), None)
if not s: print(json.dumps({"mode": "capacity", "error": "sender failed"})); sys.exit()
conn = sum(r["connect"]["connected"] for r in rows)
exp = sum(r["delivery"]["expected"] for r in rows); rec = sum(r["delivery"]["received"] for r in rows)
# Percentiles of separate processes cannot be merged exactly: report the worst process's p99.
p99 = max(r["latencyMs"]["p99"] for r in rows if r["delivery"]["received"] > 0) if rec else 0
srv = s.get("server") or {}
rss_idle = max((r.get("server") or {}).get("rssIdleKb", 0) for r in rows)
print(json.dumps({"mode": "capacity", "members": conn, "attempted": total, "expected": exp, "received": rec,
  "lossPercent": 0 if exp == 0 else (exp - rec) * 100.0 / exp, "p99Ms": p99,
  "membersLost": sum(r["membersLost"] for r in rows),
  "rssPerMemberKb": (rss_idle - srv.get("rssBeforeKb", 0)) / conn if conn else 0,
  "serverCpuMicrosPerDelivery": srv.get("cpuMicrosPerDelivery", 0)}))
PY
}

echo "results: $OUT (open files: $FDS; runs: $RUNS)" >&2
# Servers take turns within each run (run 1 of every server, then run 2, ...): on a shared machine
# the load drifts over minutes, and a drift then lands on every server alike instead of on one.
for scenario in $SCENARIOS; do
  for run in $(seq 1 "$RUNS"); do
    for name in $SERVERS; do
      applies "$scenario" "$name" || continue
      echo "== $scenario / $name / run $run" >&2
      start_server "$name" || { echo '{"error":"server did not start"}' >>"$OUT/$scenario.$name.jsonl"; continue; }
      sleep 1   # let the runtime finish starting before sampling its baseline
      if [ "$scenario" = capacity ]; then
        capacity_run "$name" >>"$OUT/$scenario.$name.jsonl" || true
      elif [ "$scenario" = echo-32 ]; then
        echo_bench "$name" 32 >>"$OUT/$scenario.$name.jsonl" || true
      elif [ "$scenario" = echo-4k ]; then
        echo_bench "$name" 4096 >>"$OUT/$scenario.$name.jsonl" || true
      else
        # shellcheck disable=SC2046
        bench "$name" $(scenario_args "$scenario") --label "$scenario" >>"$OUT/$scenario.$name.jsonl" || true
      fi
      stop_server
    done
  done
done

python3 - "$OUT" "$SERVERS" "$SCENARIOS" "$RUNS" <<'PY' | tee "$OUT/table.md"
import json, statistics, sys, os
out, servers, scenarios, runs = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4]

def load(scn, srv):
    p = os.path.join(out, f"{scn}.{srv}.jsonl")
    if not os.path.exists(p): return []
    return [json.loads(l) for l in open(p) if l.strip().startswith("{")]

def get(r, path):
    for k in path.split("."):
        if not isinstance(r, dict) or k not in r: return None
        r = r[k]
    return r

# (scenario, label, json path, format, lower is better)
ROWS = [
  ("fanout", "deliveries/s", "delivery.deliveriesPerSecond", "{:,.0f}", False),
  ("fanout", "loss %", "delivery.lossPercent", "{:.2f}", True),
  ("fanout", "latency p50 ms", "latencyMs.p50", "{:.1f}", True),
  ("fanout", "latency p99 ms", "latencyMs.p99", "{:.1f}", True),
  ("fanout", "server CPU µs/delivery", "server.cpuMicrosPerDelivery", "{:.2f}", True),
  ("fanout", "generator CPU µs/delivery", "generator.cpuMicrosPerDelivery", "{:.2f}", True),
  ("fanout", "generator bytes allocated/delivery", "generator.allocatedBytesPerDelivery", "{:.2f}", True),
  ("fanout", "server RSS peak MiB", "server.rssPeakKb", "kb", True),
  ("burst", "deliveries/s", "delivery.deliveriesPerSecond", "{:,.0f}", False),
  ("burst", "loss %", "delivery.lossPercent", "{:.2f}", True),
  ("burst", "latency p99 ms", "latencyMs.p99", "{:.1f}", True),
  ("burst", "deliveries per frame", "perframe", "{:.1f}", None),
  ("burst", "server CPU µs/delivery", "server.cpuMicrosPerDelivery", "{:.2f}", True),
  ("burst", "generator CPU µs/delivery", "generator.cpuMicrosPerDelivery", "{:.2f}", True),
  ("burst", "generator bytes allocated/delivery", "generator.allocatedBytesPerDelivery", "{:.2f}", True),
  ("idle", "members connected", "connect.connected", "{:,.0f}", False),
  ("idle", "connect seconds", "connect.seconds", "{:.1f}", True),
  ("idle", "connect + quiet seconds", "connect.settledSeconds", "{:.1f}", True),
  ("idle", "frames received while joining", "connect.frames", "{:,.0f}", True),
  ("idle", "server RSS per member KiB", "server.rssPerMemberKb", "{:.1f}", True),
  ("idle", "members lost", "membersLost", "{:.0f}", True),
  ("echo-32", "messages/s", "messagesPerSecond", "{:,.0f}", False),
  ("echo-32", "round trip p50 ms", "latencyMs.p50", "{:.2f}", True),
  ("echo-32", "round trip p99 ms", "latencyMs.p99", "{:.2f}", True),
  ("echo-32", "server CPU µs/message", "server.cpuMicrosPerMessage", "{:.1f}", True),
  ("echo-32", "server CPU %", "server.cpuPercent", "{:.0f}", None),
  ("echo-4k", "messages/s", "messagesPerSecond", "{:,.0f}", False),
  ("echo-4k", "round trip p50 ms", "latencyMs.p50", "{:.2f}", True),
  ("echo-4k", "round trip p99 ms", "latencyMs.p99", "{:.2f}", True),
  ("echo-4k", "server CPU µs/message", "server.cpuMicrosPerMessage", "{:.1f}", True),
  ("echo-4k", "server CPU %", "server.cpuPercent", "{:.0f}", None),
  ("rooms-1000x10", "deliveries/s", "delivery.deliveriesPerSecond", "{:,.0f}", False),
  ("rooms-1000x10", "loss %", "delivery.lossPercent", "{:.2f}", True),
  ("rooms-1000x10", "latency p50 ms", "latencyMs.p50", "{:.1f}", True),
  ("rooms-1000x10", "latency p99 ms", "latencyMs.p99", "{:.1f}", True),
  ("rooms-1000x10", "server CPU µs/delivery", "server.cpuMicrosPerDelivery", "{:.2f}", True),
  ("rooms-1000x10", "generator CPU µs/delivery", "generator.cpuMicrosPerDelivery", "{:.2f}", True),
  ("rooms-1000x10", "server RSS peak MiB", "server.rssPeakKb", "kb", True),
  ("rooms-1000x10", "rooms short of their copies", "rooms.roomsShort", "{:.0f}", True),
  ("rooms-1000x10", "cross-room copies", "rooms.crossRoom", "{:.0f}", True),
  ("rooms-10x1000", "deliveries/s", "delivery.deliveriesPerSecond", "{:,.0f}", False),
  ("rooms-10x1000", "loss %", "delivery.lossPercent", "{:.2f}", True),
  ("rooms-10x1000", "latency p50 ms", "latencyMs.p50", "{:.1f}", True),
  ("rooms-10x1000", "latency p99 ms", "latencyMs.p99", "{:.1f}", True),
  ("rooms-10x1000", "server CPU µs/delivery", "server.cpuMicrosPerDelivery", "{:.2f}", True),
  ("rooms-10x1000", "generator CPU µs/delivery", "generator.cpuMicrosPerDelivery", "{:.2f}", True),
  ("rooms-10x1000", "server RSS peak MiB", "server.rssPeakKb", "kb", True),
  ("rooms-10x1000", "rooms short of their copies", "rooms.roomsShort", "{:.0f}", True),
  ("rooms-10x1000", "cross-room copies", "rooms.crossRoom", "{:.0f}", True),
  ("rooms-1x10000", "deliveries/s", "delivery.deliveriesPerSecond", "{:,.0f}", False),
  ("rooms-1x10000", "loss %", "delivery.lossPercent", "{:.2f}", True),
  ("rooms-1x10000", "latency p50 ms", "latencyMs.p50", "{:.1f}", True),
  ("rooms-1x10000", "latency p99 ms", "latencyMs.p99", "{:.1f}", True),
  ("rooms-1x10000", "server CPU µs/delivery", "server.cpuMicrosPerDelivery", "{:.2f}", True),
  ("rooms-1x10000", "generator CPU µs/delivery", "generator.cpuMicrosPerDelivery", "{:.2f}", True),
  ("rooms-1x10000", "server RSS peak MiB", "server.rssPeakKb", "kb", True),
  ("rooms-1x10000", "rooms short of their copies", "rooms.roomsShort", "{:.0f}", True),
  ("rooms-1x10000", "cross-room copies", "rooms.crossRoom", "{:.0f}", True),
  ("capacity", "members connected", "members", "{:,.0f}", False),
  ("capacity", "loss %", "lossPercent", "{:.2f}", True),
  ("capacity", "latency p99 ms (worst process)", "p99Ms", "{:.1f}", True),
  ("capacity", "server RSS per member KiB", "rssPerMemberKb", "{:.1f}", True),
]

def value(r, path):
    if path == "perframe":
        rec, fr = get(r, "delivery.received"), get(r, "delivery.frames")
        return rec / fr if rec and fr else None
    return get(r, path)

def fmt(v, f):
    if v is None: return "–"
    return f"{v/1024:.1f}" if f == "kb" else f.format(v)

cols = servers
print(f"\nMedians of {runs} run(s); each run against a freshly started server. Lower is better except deliveries/s, messages/s and members.\n")
head = ["scenario", "metric"] + cols + [f"chatroom ÷ {c}" for c in cols if c != "chatroom" and "chatroom" in cols]
print("| " + " | ".join(head) + " |")
print("|" + "|".join(["---"] * len(head)) + "|")
for scn, label, path, f, _ in ROWS:
    if scn not in scenarios: continue
    med = {}
    for srv in cols:
        vals = [v for v in (value(r, path) for r in load(scn, srv)) if isinstance(v, (int, float))]
        med[srv] = statistics.median(vals) if vals else None
    cells = [scn, label] + [fmt(med[s], f) for s in cols]
    if "chatroom" in cols:
        for c in cols:
            if c == "chatroom": continue
            a, b = med.get("chatroom"), med.get(c)
            cells.append(f"{a / b:.2f}×" if a is not None and b else "–")
    print("| " + " | ".join(cells) + " |")
PY
# One SVG per scenario beside the JSON lines (medians, one bar per server): docs/performance.md embeds them.
dotnet "$BENCH_DLL" chart "$OUT" "$SERVERS" || echo "charts failed (the table above stands)" >&2
echo "raw JSON lines and logs: $OUT" >&2
