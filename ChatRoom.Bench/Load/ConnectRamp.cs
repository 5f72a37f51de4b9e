using System.Diagnostics;
using System.Net.WebSockets;
using ChatRoom.Bench.Reporting;
using ChatRoom.Bench.Stats;

namespace ChatRoom.Bench.Load;

/// <summary>Opens members with a bounded number of handshakes in flight, timing each one.</summary>
public sealed class ConnectRamp
{
    private readonly LatencyHistogram _times = new();
    private readonly Lock _lock = new();
    private string? _firstError;
    private int _failed;
    private int _next = -1;

    public int Connected { get; private set; }

    public async Task<ConnectResult> RunAsync(
        IReadOnlyList<Member> members, Func<Member, Uri> url, HttpMessageInvoker invoker, int concurrency,
        TimeSpan timeout, Action<Member> onConnected, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var workers = new Task[Math.Min(concurrency, members.Count)];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = WorkAsync(members, url, invoker, timeout, onConnected, ct);
        }

        await Task.WhenAll(workers);
        return new ConnectResult(
            members.Count,
            Connected,
            _failed,
            _firstError,
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            _times.Percentile(50) / 1000.0,
            _times.Percentile(99) / 1000.0,
            _times.Max / 1000.0);
    }

    private async Task WorkAsync(
        IReadOnlyList<Member> members, Func<Member, Uri> url, HttpMessageInvoker invoker, TimeSpan timeout,
        Action<Member> onConnected, CancellationToken ct)
    {
        int i;
        while ((i = Interlocked.Increment(ref _next)) < members.Count && !ct.IsCancellationRequested)
        {
            var member = members[i];
            var t0 = Stopwatch.GetTimestamp();
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attempt.CancelAfter(timeout);
            try
            {
                await member.ConnectAsync(url(member), invoker, attempt.Token);
                lock (_lock)
                {
                    _times.Record((long)Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
                    Connected++;
                }

                onConnected(member);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpRequestException or IOException or System.Net.Sockets.SocketException)
            {
                lock (_lock)
                {
                    _failed++;
                    _firstError ??= $"member {member.Id}: {e.GetType().Name}: {Flatten(e)}";
                }
            }
        }
    }

    private static string Flatten(Exception e) =>
        e.InnerException is null ? e.Message : $"{e.Message} ({Flatten(e.InnerException)})";
}
