#!/usr/bin/env bash
# The allocation profile of a 10,000-member join storm: GC allocation ticks (every ~100 KB, with the
# stack) while the idle scenario joins. Usage: join-trace.sh PATH/ChatRoom.Web.dll OUT.nettrace, then
# `dotnet run --project allocstacks -- OUT.nettrace "" 40` (the top allocation sites). Needs dotnet-trace
# (`dotnet tool install --tool-path /tmp/dntools dotnet-trace`) and a Release build of ChatRoom.Bench.
set -euo pipefail
DLL=$1; OUT=$2
ulimit -n "$(ulimit -Hn)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
env Chat__MaxMembers=25000 Serilog__MinimumLevel__Default=Warning dotnet $DLL --urls http://127.0.0.1:$PORT > /tmp/jt.server.log 2>&1 &
L=$!
trap 'kill $L 2>/dev/null||true' EXIT
for _ in $(seq 300); do ss -ltnH "sport = :$PORT" | grep -q . && break; sleep 0.1; done
PID="$(ss -ltnpH "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
/tmp/dntools/dotnet-trace collect -p $PID --providers "Microsoft-Windows-DotNETRuntime:0x1:5" --duration 00:00:00:25 -o $OUT > /tmp/jt.trace.log 2>&1 &
T=$!
sleep 2
dotnet /work/main/ChatRoom.Bench/bin/Release/net10.0/ChatRoom.Bench.dll --url ws://127.0.0.1:$PORT/ws --server-pid $PID --json --quiet --clients 10000 --senders 0 --hold 1 --settle-max 600 > /tmp/jt.bench.json 2>/tmp/jt.bench.log
wait $T || true
ls -la $OUT
