using System.Globalization;

namespace ChatRoom.Bench.Echo;

/// <summary>The echo scenario's settings: <c>ChatRoom.Bench echo --url … --clients N --size B …</c>.</summary>
public sealed record EchoOptions
{
    public const string Usage = """
        ChatRoom.Bench echo: closed-loop load on a WebSocket echo server (ChatRoom's /echo,
        go-gorilla-echo, node-ws-echo). Each connection sends one text message, waits for it to
        come back, checks it, and sends the next.

          --url URL            ws://127.0.0.1:8080/echo (loopback only)
          --clients N          connections (100)
          --size B             message bytes (32)
          --seconds S          measured seconds (10)
          --warmup S           unmeasured seconds before (2)
          --server-pid PID     sample the server's CPU from /proc
          --label TEXT         copied into the JSON line
          --json               print one JSON line on stdout (the summary goes to stderr)
        """;

    public Uri Url { get; init; } = new("ws://127.0.0.1:8080/echo");
    public int Clients { get; init; } = 100;
    public int Size { get; init; } = 32;
    public double Seconds { get; init; } = 10;
    public double Warmup { get; init; } = 2;
    public int? ServerPid { get; init; }
    public string? Label { get; init; }
    public bool Json { get; init; }

    /// <param name="args">The arguments after <c>echo</c>.</param>
    public static EchoOptions Parse(IReadOnlyList<string> args)
    {
        var o = new EchoOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            o = arg switch
            {
                "--url" => o with { Url = new Uri(Value()) },
                "--clients" => o with { Clients = int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture) },
                "--size" => o with { Size = int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture) },
                "--seconds" => o with { Seconds = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture) },
                "--warmup" => o with { Warmup = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture) },
                "--server-pid" => o with { ServerPid = int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture) },
                "--label" => o with { Label = Value() },
                "--json" => o with { Json = true },
                _ => throw new ArgumentException($"unknown option {arg}"),
            };
        }

        if (o.Url.Scheme is not ("ws" or "wss") || !o.Url.IsLoopback)
        {
            throw new ArgumentException("--url must be ws:// or wss:// to a loopback address");
        }

        if (o.Clients is < 1 or > 10_000 || o.Size is < 1 or > 1 << 20)
        {
            throw new ArgumentException("need 1 <= --clients <= 10000 and 1 <= --size <= 1 MiB");
        }

        if (o.Seconds is <= 0 or > 3600 || o.Warmup is < 0 or > 3600)
        {
            throw new ArgumentException("--seconds must be in (0, 3600] and --warmup in [0, 3600]");
        }

        return o;
    }
}
