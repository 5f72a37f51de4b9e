#!/usr/bin/env bash
# Join storm of 10,000 on a fresh server against the same storm after a warm-up of WARM joins.
set -u
ulimit -n "$(ulimit -Hn)"
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
DLL=ChatRoom.Web/bin/Release/net10.0/ChatRoom.Web.dll
BENCH=ChatRoom.Bench/bin/Release/net10.0/ChatRoom.Bench.dll
WARM=${WARM:-1000}
OUT=${OUT:-/tmp/warm}; mkdir -p "$OUT"
for run in 1 2 3; do
  for mode in fresh warm; do
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    env Chat__RateLimit__MessagesPerSecond=1000000 Chat__RateLimit__Burst=1000000 Chat__MaxMembers=25000 \
      Chat__MaxRooms=100000 Serilog__MinimumLevel__Default=Warning dotnet $DLL --urls "http://127.0.0.1:$PORT" > $OUT/server.log 2>&1 &
    SPID=$!
    for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
    if [ $mode = warm ]; then
      timeout 300 dotnet $BENCH --url "ws://127.0.0.1:$PORT/ws" --server-pid $SPID --clients $WARM --senders 0 --hold 1 \
        --connect-concurrency 64 --settle-max 600 --json --quiet > $OUT/warmup.$run.json 2>/dev/null
      sleep 3
    fi
    timeout 600 dotnet $BENCH --url "ws://127.0.0.1:$PORT/ws" --server-pid $SPID --clients 10000 --senders 0 --hold 5 \
      --connect-concurrency 64 --settle-max 600 --json --quiet >> $OUT/idle.$mode.jsonl 2>/dev/null
    kill $SPID; wait $SPID 2>/dev/null
    sleep 1
  done
done
for mode in fresh warm; do python3 -c "
import json
L=[json.loads(l) for l in open('$OUT/idle.$mode.jsonl')]
print('$mode', 'cpu', [x['connect']['serverCpuSeconds'] for x in L], 'connect s', [round(x['connect']['seconds'],2) for x in L], 'KiB', [x['server']['rssPerMemberKb'] for x in L])"; done
