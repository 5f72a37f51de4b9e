#!/usr/bin/env bash
# One join storm (10,000 members, 64 connecting at a time, the compare.sh idle scenario) against one
# ChatRoom build, with a CPU profile of the server for the whole connect phase (`perf record`, .NET
# frames named through DOTNET_PerfMapEnabled). Prints the generator's JSON and where the data is.
#
# With --warm a first, unprofiled storm (whose members then leave) runs before the profiled one, so
# the profile shows a warm server (JIT done) instead of a fresh one, as compare.sh measures.
#
# Usage: bench/join-profile.sh [--out DIR] [--clients N] [--warm] [--seconds PROFILE_SECONDS] PATH/TO/ChatRoom.Web.dll
# Needs Debian's linux-perf and a Release build of ChatRoom.Bench. Only 127.0.0.1 is ever a target.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="/tmp/chatroom-join-profile-$(date -u +%Y%m%dT%H%M%SZ)"
CLIENTS=10000
WARM=0
PROFILE_SECONDS=5
while [ $# -gt 1 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --warm) WARM=1; shift ;;
    --seconds) PROFILE_SECONDS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
DLL="${1:?usage: bench/join-profile.sh [--out DIR] [--clients N] DLL}"
BENCH_DLL="$ROOT/ChatRoom.Bench/bin/Release/net10.0/ChatRoom.Bench.dll"
mkdir -p "$OUT"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"

env DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
    Chat__RateLimit__MessagesPerSecond=1000000 Chat__RateLimit__Burst=1000000 Chat__MaxMembers=25000 \
    Serilog__MinimumLevel__Default=Warning \
    dotnet "$DLL" --urls "http://127.0.0.1:$PORT" >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" ${PERF:-} 2>/dev/null || true' EXIT
for _ in $(seq 300); do ss -ltnH "sport = :$PORT" | grep -q . && break; sleep 0.1; done
sleep 1   # start-up JIT settled before the profile starts
storm() {
  dotnet "$BENCH_DLL" --url "ws://127.0.0.1:$PORT/ws" --server-pid "$SERVER_PID" --json --quiet \
    --clients "$CLIENTS" --senders 0 --connect-concurrency 64 --settle-max 600 "$@"
}
if [ "$WARM" = 1 ]; then
  storm --hold 1 >"$OUT/warm-up.json" 2>"$OUT/warm-up.log"
  sleep 3   # the members' leaves applied
fi

# The joins and their settling take ~3 s here; the members then hold on quietly, so that their
# leaving stays out of the profile.
perf record -e cpu-clock -F 999 -g -p "$SERVER_PID" -o "$OUT/perf.data" -- sleep "$PROFILE_SECONDS" \
  >/dev/null 2>"$OUT/perf.log" &
PERF=$!
storm --hold 10 >"$OUT/bench.json" 2>"$OUT/bench.log"
wait "$PERF" || true
cat "$OUT/bench.json"
echo "report: perf report -i $OUT/perf.data --no-children --sort dso,sym -g none"
