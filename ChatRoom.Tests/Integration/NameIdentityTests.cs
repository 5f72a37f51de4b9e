using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Integration;

/// <summary>
/// Names are one identity however they are typed (NFC), and cannot pass for another by mixing
/// scripts (issue 11, finding 5): at the upgrade, in <c>/nick</c>, and in what others see.
/// </summary>
public sealed class NameIdentityTests : IAsyncLifetime
{
    private const string Composed = "jos\u00e9";
    private const string Decomposed = "jose\u0301";
    private const string CyrillicA = "\u0430lice";

    private readonly ChatServer _server = ChatServer.InMemory();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_decomposed_name_joins_as_the_composed_one_and_counts_as_taken_by_it()
    {
        await using var first = await _server.JoinedAsync(Composed);
        await using var second = await _server.JoinedAsync(Decomposed);

        Assert.Equal(Composed, first.Name);
        Assert.Equal($"{Composed}-2", second.Name);
        Assert.Equal($"*** {Composed}-2 joined (2 online)", await first.ReceiveAsync());
    }

    [Fact]
    public async Task A_look_alike_name_is_refused_at_the_upgrade_and_by_nick()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _server.JoinAsync(CyrillicA));
        Assert.Contains("400", refused.Message, StringComparison.Ordinal);

        await using var alice = await _server.JoinedAsync("alice");
        await using var mallory = await _server.JoinedAsync("mallory");
        await mallory.SendAsync($"/nick {CyrillicA}");

        var error = await mallory.ReceiveAsync();
        Assert.StartsWith("! bad name:", error, StringComparison.Ordinal);
        Assert.Contains("Cyrillic", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_action_cannot_forge_a_leave()
    {
        await using var watcher = await _server.JoinedAsync("watcher");
        await using var alice = await _server.JoinedAsync("alice");
        await watcher.ReceiveAsync();

        await alice.SendAsync("/me left (1 online)");

        Assert.Equal("* alice left (1 online)", await watcher.ReceiveAsync());
        await alice.DisposeAsync();
        Assert.Equal("*** alice left (1 online)", await watcher.ReceiveAsync());
    }
}
