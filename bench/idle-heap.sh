#!/usr/bin/env bash
# 10,000 idle members against the Release server; while they hold, a heap dump (dotnet-gcdump, a NuGet
# dotnet tool: dotnet tool install --tool-path /tmp/dntools dotnet-gcdump) and /proc smaps.
set -u
ulimit -n "$(ulimit -Hn)"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
env Chat__RateLimit__MessagesPerSecond=1000000 Chat__RateLimit__Burst=1000000 Chat__MaxMembers=25000 \
  Serilog__MinimumLevel__Default=Warning dotnet ChatRoom.Web/bin/Release/net10.0/ChatRoom.Web.dll --urls "http://127.0.0.1:$PORT" > /tmp/idlemem.server.log 2>&1 &
SPID=$!
sleep 4
grep VmRSS /proc/$SPID/status
timeout 300 dotnet ChatRoom.Bench/bin/Release/net10.0/ChatRoom.Bench.dll --url "ws://127.0.0.1:$PORT/ws" --server-pid $SPID \
  --clients 10000 --senders 0 --hold 60 --connect-concurrency 64 --settle-max 300 --json --quiet > /tmp/idlemem.json 2>/tmp/idlemem.bench.log &
BPID=$!
for _ in $(seq 300); do [ "$(ss -tnH state established "( sport = :$PORT )" | wc -l)" -ge 10000 ] && break; sleep 1; done
sleep 5
echo "connected: $(ss -tnH state established "( sport = :$PORT )" | wc -l)"
grep -E "VmRSS|RssAnon|RssFile" /proc/$SPID/status
cat /proc/$SPID/smaps_rollup
/tmp/dntools/dotnet-gcdump collect -p $SPID -o /tmp/idle.gcdump > /tmp/gcdump.log 2>&1
/tmp/dntools/dotnet-gcdump report /tmp/idle.gcdump 2>&1 | head -40
wait $BPID
kill $SPID; wait $SPID 2>/dev/null
cat /tmp/idlemem.json | head -c 600
