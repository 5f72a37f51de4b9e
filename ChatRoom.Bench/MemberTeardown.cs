using System.Net.WebSockets;
using ChatRoom.Bench.Load;

namespace ChatRoom.Bench;

/// <summary>The end of a run, whatever ended it.</summary>
public static class MemberTeardown
{
    /// <summary>Closes politely with a bounded budget, then aborts whatever is left.</summary>
    public static async Task CloseAllAsync(IReadOnlyList<Member> members, RunContext run, CancellationTokenSource lifetime)
    {
        run.ShuttingDown = true;
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var next = -1;
        async Task CloseWorker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < members.Count && !budget.IsCancellationRequested)
            {
                var m = members[i];
                if (!m.IsOpen)
                {
                    continue;
                }

                try
                {
                    await m.CloseOutputAsync(budget.Token);
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
                {
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => CloseWorker()));
        try
        {
            await Task.WhenAll(members.Select(m => m.Receiving)).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
        }

        await lifetime.CancelAsync();
        foreach (var m in members)
        {
            m.Abort();
        }
    }
}
