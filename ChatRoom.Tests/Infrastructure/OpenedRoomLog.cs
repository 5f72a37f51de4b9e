using ChatRoom.Hosting;
using ChatRoom.Log;
using ChatRoom.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// A room log as the server composes it (in-process, or Redis with <c>Redis:Configuration</c>), with
/// no room reader of its own: the test is its one reader, and appends as the room would.
/// </summary>
internal sealed class OpenedRoomLog : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private IAsyncEnumerator<LogEntry>? _reader;
    private long _position;

    private OpenedRoomLog(ServiceProvider services)
    {
        _services = services;
        Log = services.GetRequiredService<IRoomLog>();
    }

    public IRoomLog Log { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The log for <paramref name="settings"/> (Chat:* and Redis:* keys), not yet loaded.</summary>
    public static OpenedRoomLog Create(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddMetrics().AddChatRoom(configuration);
        return new OpenedRoomLog(services.BuildServiceProvider());
    }

    /// <summary>A member of this instance that has not joined yet.</summary>
    public MemberKey NewMember() => _services.GetRequiredService<RoomInstance>().NextMemberKey();

    public async Task<AppendResult> AppendAsync(RoomCommand command) => await Log.AppendAsync(command, Token);

    /// <summary>Loads the room and starts reading after it: the reader's start.</summary>
    public async Task<RoomSnapshot> LoadAsync()
    {
        if (_reader is not null)
        {
            await _reader.DisposeAsync();
        }

        var snapshot = await LoadWhenReachableAsync();
        _reader = Log.ReadAsync(snapshot.Position, Token).GetAsyncEnumerator(Token);
        _position = snapshot.Position;
        return snapshot;
    }

    // As the room's reader does: Redis is connected to on first use, and a load before the
    // subscription's connection is up is refused as unavailable, then tried again.
    private async Task<RoomSnapshot> LoadWhenReachableAsync()
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Token);
        guard.CancelAfter(RawSocket.HangGuard);
        while (true)
        {
            try
            {
                return await Log.LoadAsync(guard.Token);
            }
            catch (RoomUnavailableException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), guard.Token);
            }
        }
    }

    /// <summary>The entries after the last one read, up to and including <paramref name="position"/>.</summary>
    public async Task<List<LogEntry>> ReadThroughAsync(long position)
    {
        var reader = _reader ?? throw new InvalidOperationException("load the log first");
        var entries = new List<LogEntry>();
        while (_position < position)
        {
            var next = reader.MoveNextAsync().AsTask();
            Assert.True(
                await next.WaitAsync(RawSocket.HangGuard, Token),
                $"the log ended before position {position}");
            entries.Add(reader.Current);
            _position = reader.Current.Position;
        }

        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        if (_reader is not null)
        {
            await _reader.DisposeAsync();
        }

        await _services.DisposeAsync();
    }
}
