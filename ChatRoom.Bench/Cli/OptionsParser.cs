using System.Globalization;

namespace ChatRoom.Bench.Cli;

/// <summary>A small hand-written parser: the tool must not pull in packages the server does not need.</summary>
public static class OptionsParser
{
    public const string Usage = """
        ChatRoom.Bench: WebSocket chat-room load generator (ChatRoom, go-gorilla, node-ws).

          --url URL                 ws://127.0.0.1:8080/ws (loopback only)
          --clients N               members this process opens (1000)
          --senders K               members that send, the first K of this process (10)
          --rate R                  messages/s per sender; 0 = closed loop: wait until the
                                    previous message reached every other member (10)
          --seconds S               measured seconds (10)
          --warmup S                unmeasured sending seconds before (2)
          --size B                  payload bytes, marker included (64)
          --echo                    the server relays to the sender too (go-gorilla)
          --server-pid PID          sample the server's CPU and RSS from /proc
          --connect-concurrency C   connects in flight during ramp-up (64)
          --hold S                  idle-memory mode: connect, stay idle S seconds, sample RSS
          --drain S                 max wait for late deliveries after sending stops (5)
          --settle-max S            max wait for the room to go quiet after connecting (30)
          --name PREFIX             member names PREFIX-N via ?name= (bench)
          --rooms R                 spread members over R rooms: member N joins ?room=P-(N mod R),
                                    so the first K members (the senders) spread evenly (0: no
                                    ?room=, the server's one room)
          --room-prefix P           room names P-0 ... P-(R-1) (r)
          --id-base N               first member index of this process (multi-process runs)
          --track-senders N         sender ids 0..N-1 tracked for order (listener processes)
          --ready-file PATH         touch PATH once connected and quiet
          --start-file PATH         wait for PATH before warm-up (listeners start first)
          --rss-baseline-kb KB      server RSS before any process connected
          --no-zero-byte-reads      hold a receive buffer per member while idle
          --receive-buffer B        pooled receive buffer bytes (4096)
          --client-websocket        receive and send through ClientWebSocket instead of the
                                    raw frame parser (the old path, for comparison)
          --connect-timeout S       per-connect timeout (10)
          --label TEXT              copied into the JSON line
          --alloc-trace             print what the generator allocated while measuring (by type)
          --json                    print one JSON line on stdout (table goes to stderr)
          --quiet                   no progress line
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            o = arg switch
            {
                "--url" => o with { Url = new Uri(Value()) },
                "--clients" => o with { Clients = Int(Value()) },
                "--senders" => o with { Senders = Int(Value()) },
                "--rate" => o with { Rate = Num(Value()) },
                "--seconds" => o with { Seconds = Num(Value()) },
                "--warmup" => o with { Warmup = Num(Value()) },
                "--size" => o with { Size = Int(Value()) },
                "--echo" => o with { Echo = true },
                "--server-pid" => o with { ServerPid = Int(Value()) },
                "--json" => o with { Json = true },
                "--quiet" => o with { Quiet = true },
                "--connect-concurrency" => o with { ConnectConcurrency = Int(Value()) },
                "--hold" => o with { Hold = Num(Value()) },
                "--drain" => o with { Drain = Num(Value()) },
                "--settle-max" => o with { SettleMax = Num(Value()) },
                "--name" => o with { Name = Value() },
                "--rooms" => o with { Rooms = Int(Value()) },
                "--room-prefix" => o with { RoomPrefix = Value() },
                "--id-base" => o with { IdBase = Int(Value()) },
                "--track-senders" => o with { TrackSenders = Int(Value()) },
                "--ready-file" => o with { ReadyFile = Value() },
                "--start-file" => o with { StartFile = Value() },
                "--rss-baseline-kb" => o with { RssBaselineKb = long.Parse(Value(), CultureInfo.InvariantCulture) },
                "--no-zero-byte-reads" => o with { ZeroByteReads = false },
                "--receive-buffer" => o with { ReceiveBufferSize = Int(Value()) },
                "--client-websocket" => o with { ClientWebSocket = true },
                "--connect-timeout" => o with { ConnectTimeout = Num(Value()) },
                "--label" => o with { Label = Value() },
                "--alloc-trace" => o with { AllocTrace = true },
                _ => throw new ArgumentException($"unknown option {arg}"),
            };
        }

        Validate(o);
        return o;
    }

    private static void Validate(BenchOptions o)
    {
        if (o.Url.Scheme is not ("ws" or "wss"))
        {
            throw new ArgumentException("--url must be ws:// or wss://");
        }

        // The generator is a load tool: it must never be pointed at anything but this machine.
        if (!o.Url.IsLoopback)
        {
            throw new ArgumentException("--url must be a loopback address (127.0.0.0/8, ::1, localhost)");
        }

        if (o.Clients < 1 || o.Senders < 0 || o.Senders > o.Clients)
        {
            throw new ArgumentException("need --clients >= 1 and 0 <= --senders <= --clients");
        }

        if (o.Size < Wire.Marker.MaxLength || o.Size > 1 << 20)
        {
            throw new ArgumentException($"--size must be between {Wire.Marker.MaxLength} and 1 MiB");
        }

        if (o.Seconds < 0 || o.Warmup < 0 || o.Hold < 0 || o.Drain < 0 || o.Seconds > 3600 || o.Hold > 3600)
        {
            throw new ArgumentException("durations must be between 0 and 3600 seconds");
        }

        if (o.Rooms < 0 || o.Rooms > 1_000_000)
        {
            throw new ArgumentException("--rooms must be between 0 and 1,000,000");
        }

        // A name the server accepts as it is (it folds case and allows 32 characters).
        if (o.RoomPrefix.Length is < 1 or > 24 || !o.RoomPrefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException("--room-prefix must be 1-24 characters of a-z, 0-9, '-', '_', '.'");
        }

        if (o.ConnectConcurrency < 1 || o.ReceiveBufferSize < 256)
        {
            throw new ArgumentException("--connect-concurrency >= 1 and --receive-buffer >= 256");
        }
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static double Num(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
