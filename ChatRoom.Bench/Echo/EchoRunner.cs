using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using ChatRoom.Bench.Monitoring;
using ChatRoom.Bench.Reporting;
using ChatRoom.Bench.Stats;

namespace ChatRoom.Bench.Echo;

/// <summary>
/// The echo scenario: every connection runs a closed loop (send, wait for the echo, check it), so
/// throughput is what the server turns around, and the round trip is its latency under that load.
/// </summary>
/// <remarks>
/// Through <see cref="ClientWebSocket"/> for every server alike: the generator's raw frame parser
/// reads chat markers, and an echo needs none.
/// </remarks>
public sealed class EchoRunner(EchoOptions options)
{
    private volatile bool _measuring;
    private int _failures;
    private string? _firstFailure;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        EchoOptions options;
        try
        {
            options = EchoOptions.Parse(args.Skip(1).ToList());
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or UriFormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(EchoOptions.Usage);
            return 2;
        }

        var result = await new EchoRunner(options).RunAsync(cancellationToken);
        Console.Error.WriteLine(
            $"echo {result.Size} B × {result.Connected} connections: {result.MessagesPerSecond:N0} messages/s, round trip p50 {result.LatencyMs.P50:F2} ms p99 {result.LatencyMs.P99:F2} ms, " +
            $"server CPU {result.Server?.CpuPercent:F0} % ({result.Server?.CpuMicrosPerMessage:F1} µs/message), mismatches {result.Mismatches}, failures {result.Failures} {result.FirstFailure}");
        if (options.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(result, EchoJsonContext.Default.EchoResult));
        }

        return result.Connected == options.Clients && result.Failures == 0 && result.Mismatches == 0 ? 0 : 1;
    }

    public async Task<EchoResult> RunAsync(CancellationToken cancellationToken)
    {
        var sockets = await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => ConnectAsync(cancellationToken)));
        var connected = sockets.Where(s => s is not null).Cast<ClientWebSocket>().ToList();
        var loops = connected.Select(_ => new Loop()).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = connected.Select((socket, i) => RunLoopAsync(socket, loops[i], stop.Token)).ToList();

        await Task.Delay(TimeSpan.FromSeconds(options.Warmup), cancellationToken);
        var monitor = new ResourceMonitor(options.ServerPid);
        var server0 = monitor.Server();
        var generator0 = ResourceMonitor.GeneratorCpu();
        var clock = Stopwatch.StartNew();
        _measuring = true;
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds), cancellationToken);
        _measuring = false;
        var window = clock.Elapsed.TotalSeconds;
        var server1 = monitor.Server();
        var generatorCpu = (ResourceMonitor.GeneratorCpu() - generator0).TotalSeconds;

        await stop.CancelAsync();
        await Task.WhenAll(running);
        foreach (var socket in connected)
        {
            socket.Dispose();
        }

        var latency = new LatencyHistogram();
        foreach (var loop in loops)
        {
            loop.RoundTrips.AddTo(latency);
        }

        var messages = latency.Count;
        EchoServerResult? serverResult = server0 is not null && server1 is not null
            ? new EchoServerResult(
                options.ServerPid!.Value,
                (server1.Cpu - server0.Cpu).TotalSeconds,
                messages == 0 ? 0 : (server1.Cpu - server0.Cpu).TotalMicroseconds / messages,
                (server1.Cpu - server0.Cpu).TotalSeconds * 100 / window)
            : null;
        return new EchoResult(
            "echo", options.Label, options.Url.ToString(), options.Clients, connected.Count, options.Size, window, messages, messages / window,
            loops.Sum(l => l.Mismatches), _failures, _firstFailure,
            new LatencyResult(Ms(latency.Percentile(50)), Ms(latency.Percentile(90)), Ms(latency.Percentile(99)), Ms(latency.Percentile(99.9)), Ms(latency.Max), latency.Mean() / 1000),
            serverResult, generatorCpu * 100 / window);
    }

    private async Task<ClientWebSocket?> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(options.Url, cancellationToken);
            return socket;
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException)
        {
            Fail(e.Message);
            socket.Dispose();
            return null;
        }
    }

    private async Task RunLoopAsync(ClientWebSocket socket, Loop loop, CancellationToken stop)
    {
        var message = new byte[options.Size];
        Random.Shared.NextBytes(message);
        for (var i = 0; i < message.Length; i++)
        {
            message[i] = (byte)('a' + (message[i] % 26)); // text: valid UTF-8
        }

        var echo = new byte[options.Size + 1];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, stop);
                var length = 0;
                while (true)
                {
                    var read = await socket.ReceiveAsync(echo.AsMemory(Math.Min(length, options.Size)), stop);
                    if (read.MessageType == WebSocketMessageType.Close)
                    {
                        Fail($"closed by the server: {socket.CloseStatus} {socket.CloseStatusDescription}");
                        return;
                    }

                    length += read.Count;
                    if (read.EndOfMessage)
                    {
                        break;
                    }
                }

                if (_measuring)
                {
                    loop.RoundTrips.Record((long)Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                    if (length != options.Size || !echo.AsSpan(0, length).SequenceEqual(message))
                    {
                        loop.Mismatches++;
                    }
                }
            }
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or WebSocketException)
        {
            // The run is over; the message in flight is not counted.
        }
        catch (Exception e) when (e is WebSocketException or IOException)
        {
            Fail(e.Message);
        }
    }

    private void Fail(string reason)
    {
        Interlocked.Increment(ref _failures);
        Interlocked.CompareExchange(ref _firstFailure, reason, null);
    }

    private static double Ms(long micros) => micros / 1000.0;

    /// <summary>One connection's figures, written only by its own loop.</summary>
    private sealed class Loop
    {
        public LatencyHistogram RoundTrips { get; } = new();

        public long Mismatches { get; set; }
    }
}
