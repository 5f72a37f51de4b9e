using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// A JSON member that keeps its transcript across connections, as a real client does: it drops,
/// reconnects with <c>since</c>/<c>epoch</c> and appends what the welcome says it missed.
/// </summary>
public sealed class ResumingMember(Func<string, Uri> socketUri, string name) : IAsyncDisposable
{
    private readonly SortedDictionary<long, string> _events = [];
    private readonly List<long> _ownJoins = [];
    private TestMember? _connection;

    public string Name { get; } = name;

    public string? Epoch { get; private set; }

    /// <summary>The newest id processed: what <c>since</c> says on the next connect.</summary>
    public long Since { get; private set; }

    /// <summary>The first id after the first welcome: where this member's view of the room starts.</summary>
    public long FirstId { get; private set; }

    /// <summary>Every event id this member has, with what it said (acks say only "ack").</summary>
    public IReadOnlyDictionary<long, string> Events => _events;

    /// <summary>Ids of this member's own joins, which it never receives.</summary>
    public IReadOnlyList<long> OwnJoins => _ownJoins;

    public TestMember Connection => _connection ?? throw new InvalidOperationException("not connected");

    public async Task<JsonElement> ConnectAsync()
    {
        var query = $"name={Uri.EscapeDataString(Name)}" + (Epoch is null ? "" : $"&since={Since.ToString(CultureInfo.InvariantCulture)}&epoch={Epoch}");
        _connection = await TestMember.ConnectAsync(socketUri(query), json: true);
        var welcome = await _connection.ReceiveJsonAsync();
        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
        var last = welcome.GetProperty("last").GetInt64();
        if (Epoch is null)
        {
            Epoch = welcome.GetProperty("epoch").GetString();
            FirstId = last + 1;
        }
        else
        {
            Assert.True(welcome.GetProperty("resumed").GetBoolean(), $"{Name} could not resume from {Since}");
            var history = welcome.GetProperty("history");
            Assert.Equal(history.GetArrayLength(), welcome.GetProperty("missed").GetInt32());
            foreach (var missed in history.EnumerateArray())
            {
                Record(missed);
            }
        }

        _ownJoins.Add(last);
        Since = last;
        return welcome;
    }

    /// <summary>Reads the next frame and records it if it is a room event; returns it.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        var frame = await Connection.ReceiveJsonAsync();
        Record(frame);
        return frame;
    }

    /// <summary>Drops the connection without a close handshake, as a lost network does.</summary>
    public void Drop()
    {
        Connection.Socket.Abort();
        Connection.Socket.Dispose();
        _connection = null;
    }

    /// <summary>The ids from the first one this member could see up to <paramref name="lastId"/>, minus its own joins.</summary>
    public IEnumerable<long> ExpectedIds(long lastId) =>
        Enumerable.Range((int)FirstId, (int)(lastId - FirstId + 1)).Select(i => (long)i).Except(_ownJoins);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private void Record(JsonElement frame)
    {
        if (!frame.TryGetProperty("id", out var idProperty))
        {
            return;
        }

        var id = idProperty.GetInt64();
        var type = frame.GetProperty("type").GetString()!;
        var said = type == "ack" ? "ack" : string.Join('|', frame.EnumerateObject().Where(p => p.Name is not "ts").Select(p => p.Value.ToString()));
        Assert.True(_events.TryAdd(id, said), $"{Name} got event {id} twice");
        Since = Math.Max(Since, id);
    }
}
