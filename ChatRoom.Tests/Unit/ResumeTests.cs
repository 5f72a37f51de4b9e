using System.Text.Json;
using ChatRoom.Log;
using ChatRoom.Model;
using ChatRoom.Rooms;
using ChatRoom.Wire;

namespace ChatRoom.Tests.Unit;

/// <summary>Resume on the in-process log: exactly the missed events, or a clear "start again".</summary>
public sealed class ResumeTests : IAsyncLifetime
{
    private RoomHarness _harness = null!;

    public async ValueTask InitializeAsync() =>
        _harness = await RoomHarness.StartAsync(new Dictionary<string, string?> { ["Chat:HistorySize"] = "2", ["Chat:ResumeWindow"] = "10" });

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_member_that_resumes_gets_every_event_it_missed_of_every_kind_and_not_its_own_join()
    {
        var (alice, first) = await _harness.JoinAsync("alice", WireFormat.Json);
        var bob = await _harness.JoinedAsync("bob");
        await _harness.Room.SayAsync(alice, "before", false, Token);
        await _harness.SettledAsync();
        var since = _harness.Room.State.LastId;
        await _harness.Room.LeaveAsync(alice);

        await _harness.Room.SayAsync(bob, "one", false, Token);
        await _harness.Room.SayAsync(bob, "waves", true, Token);
        await _harness.Room.RenameAsync(bob, "robert", Token);
        await _harness.Room.PostNoticeAsync("tea", Token);
        var carol = await _harness.JoinedAsync("carol");
        await _harness.Room.LeaveAsync(carol);

        var (_, welcome) = await _harness.JoinAsync("alice", WireFormat.Json, new ResumeRequest(since, first.Epoch));

        Assert.True(welcome.Resumed);
        var missed = welcome.History.Select(e => e.Event).ToArray();
        Assert.Equal(["leave", "message", "message", "rename", "notice", "join", "leave"], missed.Select(TypeOf));
        Assert.Equal(Enumerable.Range((int)since + 1, missed.Length).Select(i => (long)i), missed.Select(e => e.Id));
        Assert.Equal(missed[^1].Id + 1, welcome.Last);
        var json = JsonDocument.Parse(JsonWire.Encode(welcome)).RootElement;
        Assert.True(json.GetProperty("resumed").GetBoolean());
        Assert.Equal(7, json.GetProperty("missed").GetInt32());
        Assert.Equal(first.Epoch, json.GetProperty("epoch").GetString());
    }

    [Theory]
    [InlineData("old")]
    [InlineData("other-epoch")]
    [InlineData("ahead")]
    public async Task A_member_that_cannot_resume_is_told_so_and_gets_the_usual_history(string why)
    {
        var (alice, first) = await _harness.JoinAsync("alice");
        for (var i = 0; i < 15; i++)
        {
            await _harness.Room.SayAsync(alice, $"m{i}", false, Token);
        }

        var resume = why switch
        {
            "old" => new ResumeRequest(1, first.Epoch),
            "other-epoch" => new ResumeRequest(first.Last + 14, "Zz9"),
            _ => new ResumeRequest(first.Last + 100, first.Epoch),
        };
        var (_, welcome) = await _harness.JoinAsync("bob", WireFormat.Json, resume);

        Assert.False(welcome.Resumed);
        Assert.Equal(2, welcome.History.Count);
        Assert.DoesNotContain("missed", System.Text.Encoding.UTF8.GetString(JsonWire.Encode(welcome)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resume_window_of_zero_never_resumes()
    {
        await using var harness = await RoomHarness.StartAsync(new Dictionary<string, string?> { ["Chat:ResumeWindow"] = "0" });
        var (_, first) = await harness.JoinAsync("alice");
        var (_, welcome) = await harness.JoinAsync("bob", WireFormat.Json, new ResumeRequest(first.Last, first.Epoch));
        Assert.False(welcome.Resumed);
    }

    private static string TypeOf(SequencedEvent e) => e.Body switch
    {
        ChatMessage => "message",
        MemberJoined => "join",
        MemberLeft => "leave",
        MemberRenamed => "rename",
        Notice => "notice",
        _ => "?",
    };
}
