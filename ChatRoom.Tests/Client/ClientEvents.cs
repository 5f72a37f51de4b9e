using ChatRoom.Client;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Client;

/// <summary>A client's event stream read one event at a time, each awaited with a hang guard.</summary>
public sealed class ClientEvents(ChatClient client) : IAsyncDisposable
{
    private readonly IAsyncEnumerator<ChatEvent> _events = client.ReadEventsAsync(TestContext.Current.CancellationToken).GetAsyncEnumerator();
    private Task<bool>? _pending;

    /// <summary>Every event read so far, for failure messages.</summary>
    public List<ChatEvent> Seen { get; } = [];

    public async Task<ChatEvent> NextAsync()
    {
        if (!await MoveNextAsync())
        {
            throw new InvalidOperationException("the event stream ended; seen:\n" + string.Join('\n', Seen));
        }

        return _events.Current;
    }

    public async Task<T> NextAsync<T>()
        where T : ChatEvent
    {
        var next = await NextAsync();
        return next as T ?? throw new InvalidOperationException($"expected {typeof(T).Name}, got {next}; seen:\n{string.Join('\n', Seen)}");
    }

    /// <summary>Skips events until one of type <typeparamref name="T"/> that matches.</summary>
    public async Task<T> SkipToAsync<T>(Func<T, bool>? match = null)
        where T : ChatEvent
    {
        while (true)
        {
            if (await NextAsync() is T found && (match is null || match(found)))
            {
                return found;
            }
        }
    }

    /// <summary>True when the stream has ended (after <see cref="SessionEnded"/>).</summary>
    public async Task<bool> HasEndedAsync() => !await MoveNextAsync();

    /// <summary>
    /// Ends the enumeration, unless a read is still pending after its hang guard gave up: an async
    /// iterator cannot be disposed mid-read, and throwing here would hide the timeout that failed the test.
    /// </summary>
    public ValueTask DisposeAsync() => _pending is { IsCompleted: false } ? ValueTask.CompletedTask : _events.DisposeAsync();

    private async Task<bool> MoveNextAsync()
    {
        _pending = _events.MoveNextAsync().AsTask();
        var moved = await _pending.WaitAsync(RawSocket.HangGuard, TestContext.Current.CancellationToken);
        if (moved)
        {
            Seen.Add(_events.Current);
        }

        return moved;
    }
}
