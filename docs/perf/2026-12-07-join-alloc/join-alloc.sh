#!/usr/bin/env bash
# Bytes the server allocates while 10,000 members join (from /metrics, before and after). Usage: join-alloc.sh DLL [VAR=VALUE ...]
# usage: join-alloc.sh DLL [env...]: bytes allocated by the server while 10,000 members join
set -euo pipefail
DLL=$1; shift
ulimit -n "$(ulimit -Hn)"
OUT=$(mktemp -d)
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
env Chat__MaxMembers=25000 Serilog__MinimumLevel__Default=Warning "$@" dotnet $DLL --urls http://127.0.0.1:$PORT > $OUT/server.log 2>&1 &
L=$!
trap 'kill $L 2>/dev/null||true' EXIT
for _ in $(seq 300); do ss -ltnH "sport = :$PORT" | grep -q . && break; sleep 0.1; done
PID="$(ss -ltnpH "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
m() { curl -s http://127.0.0.1:$PORT/metrics | grep -E "^dotnet_gc_heap_total_allocated_bytes|^dotnet_gc_collections_total" ; }
m > $OUT/before
dotnet /work/main/ChatRoom.Bench/bin/Release/net10.0/ChatRoom.Bench.dll --url ws://127.0.0.1:$PORT/ws --server-pid $PID --json --quiet --clients 10000 --senders 0 --hold 1 --settle-max 600 > $OUT/bench.json 2>$OUT/bench.log
m > $OUT/after
paste $OUT/before $OUT/after
python3 -c "import json;d=json.load(open('$OUT/bench.json'));print('join cpu s',d['connect']['serverCpuSeconds'])"
