using System.Text;
using System.Text.Json;
using ChatRoom.Rooms;
using ChatRoom.Wire;

namespace ChatRoom.Tests.Unit;

/// <summary>
/// Chat:WelcomeMaxBytes: a welcome's frames never exceed it, counted in the member's format; the
/// newest history that fits is kept, and a resume that does not fit answers resumed:false.
/// </summary>
public sealed class WelcomeBudgetTests : IAsyncLifetime
{
    private RoomHarness _harness = null!;

    public async ValueTask InitializeAsync() =>
        _harness = await RoomHarness.StartAsync(new Dictionary<string, string?> { ["Chat:HistorySize"] = "10", ["Chat:ResumeWindow"] = "100" });

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Json")]
    [InlineData("PlainText")]
    public async Task The_newest_history_that_fits_is_kept_to_the_byte(string formatName)
    {
        var format = WireFormat.All.Single(f => f.Name == formatName);
        await SayAsync(10);
        var (_, welcome) = await _harness.JoinAsync("bob", format);
        Assert.Equal(10, welcome.History.Count);
        var whole = Bytes(welcome, format);

        // Exactly the size with the newest three, then one byte less.
        var three = Bytes(welcome with { History = welcome.History.Skip(7).ToArray() }, format);
        var fitted = WelcomeBudget.Fit(welcome, format, three);
        Assert.Equal(welcome.History.Skip(7).Select(e => e.Event.Id), fitted.History.Select(e => e.Event.Id));
        Assert.Equal(three, Bytes(fitted, format));

        Assert.Equal(2, WelcomeBudget.Fit(welcome, format, three - 1).History.Count);
        Assert.Same(welcome, WelcomeBudget.Fit(welcome, format, whole));
        Assert.Empty(WelcomeBudget.Fit(welcome, format, 10).History);
    }

    [Fact]
    public async Task A_resume_that_does_not_fit_answers_resumed_false_with_the_usual_history_that_fits()
    {
        var (_, first) = await _harness.JoinAsync("alice", WireFormat.Json);
        await SayAsync(30);
        var (_, welcome) = await _harness.JoinAsync("bob", WireFormat.Json, new ResumeRequest(first.Last, first.Epoch));
        Assert.True(welcome.Resumed);
        Assert.Equal(31, welcome.History.Count);
        var usual = welcome with { History = welcome.UsualHistory, Resumed = false };

        var fitted = WelcomeBudget.Fit(welcome, WireFormat.Json, Bytes(welcome, WireFormat.Json) - 1);

        Assert.False(fitted.Resumed);
        Assert.Equal(welcome.UsualHistory.Select(e => e.Event.Id), fitted.History.Select(e => e.Event.Id));
        var json = JsonDocument.Parse(JsonWire.Encode(fitted)).RootElement;
        Assert.False(json.GetProperty("resumed").GetBoolean());
        Assert.False(json.TryGetProperty("missed", out _));

        var smaller = WelcomeBudget.Fit(welcome, WireFormat.Json, Bytes(usual, WireFormat.Json) - 1);
        Assert.False(smaller.Resumed);
        Assert.Equal(welcome.UsualHistory.Skip(1).Select(e => e.Event.Id), smaller.History.Select(e => e.Event.Id));
    }

    [Fact]
    public async Task A_resume_that_fits_is_answered_whole()
    {
        var (_, first) = await _harness.JoinAsync("alice", WireFormat.Json);
        await SayAsync(12);
        var (_, welcome) = await _harness.JoinAsync("bob", WireFormat.Json, new ResumeRequest(first.Last, first.Epoch));

        var fitted = WelcomeBudget.Fit(welcome, WireFormat.Json, Bytes(welcome, WireFormat.Json));

        Assert.True(fitted.Resumed);
        Assert.Equal(13, JsonDocument.Parse(JsonWire.Encode(fitted)).RootElement.GetProperty("missed").GetInt32());
    }

    [Fact]
    public async Task The_frames_sent_never_exceed_the_limit()
    {
        await SayAsync(10);
        var (_, welcome) = await _harness.JoinAsync("bob", WireFormat.PlainText);

        var frames = WelcomeBudget.Encode(welcome, WireFormat.PlainText, 1000);

        Assert.InRange(frames.Sum(f => f.Length), 1, 1000);
        Assert.StartsWith("*** welcome", Encoding.UTF8.GetString(frames[^1].Span), StringComparison.Ordinal);
    }

    /// <summary>Messages of 120+ bytes, with emoji, from a member of their own.</summary>
    private async Task SayAsync(int count)
    {
        var speaker = await _harness.JoinedAsync("speaker");
        for (var i = 0; i < count; i++)
        {
            await _harness.Room.SayAsync(speaker, $"{i:D3} " + string.Concat(Enumerable.Repeat("😀", 30)), false, Token);
        }

        await _harness.SettledAsync();
    }

    private static int Bytes(Welcome welcome, IWireFormat format) => format.EncodeWelcome(welcome).Sum(f => f.Length);
}
