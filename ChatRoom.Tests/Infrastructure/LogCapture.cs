using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// A Serilog sink that keeps every event as text: the rendered message, every property and the
/// exception, so a test can search all that the app would have written anywhere.
/// </summary>
/// <remarks>The app's logger reads sinks from the container (<c>ReadFrom.Services</c>); register one as <see cref="ILogEventSink"/>.</remarks>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<string> _events = new();

    private event Action? Emitted;

    public IReadOnlyCollection<string> Events => _events;

    /// <summary>Waits for an event that contains every one of <paramref name="parts"/>; returns it.</summary>
    public async Task<string> WaitForAsync(params string[] parts)
    {
        var emitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnEmitted() => emitted.TrySetResult();
        Emitted += OnEmitted;
        try
        {
            using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            guard.CancelAfter(RawSocket.HangGuard);
            while (true)
            {
                var found = _events.FirstOrDefault(e => parts.All(part => e.Contains(part, StringComparison.Ordinal)));
                if (found is not null)
                {
                    return found;
                }

                try
                {
                    await emitted.Task.WaitAsync(guard.Token);
                }
                catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"no log event with {string.Join(" and ", parts)} among {_events.Count}:\n{string.Join('\n', _events.TakeLast(40))}");
                }
                emitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        finally
        {
            Emitted -= OnEmitted;
        }
    }

    public void Emit(LogEvent logEvent)
    {
        using var text = new StringWriter();
        text.Write($"[{logEvent.Level}] ");
        logEvent.RenderMessage(text);
        foreach (var (name, value) in logEvent.Properties)
        {
            text.Write($" {name}={value}");
        }

        if (logEvent.Exception is { } exception)
        {
            text.Write($" {exception}");
        }

        _events.Enqueue(text.ToString());
        Emitted?.Invoke();
    }
}
