using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Integration;

/// <summary>
/// Names are one identity however they are typed (NFC), and cannot pass for another by mixing
/// scripts, by look-alike characters (the confusable skeleton) or by invisible ones: at the
/// upgrade, in <c>/nick</c>, and in what others see.
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

    [Theory]
    [InlineData("Kate", "\u212Aate")] // Kelvin sign
    [InlineData("alice", "al\u0131ce")] // dotless i
    [InlineData("alice", "\uFF41\uFF4C\uFF49\uFF43\uFF45")] // fullwidth
    [InlineData("alice", "\U0001D41A\U0001D425\U0001D422\U0001D41C\U0001D41E")] // mathematical bold
    [InlineData("pop", "\u0440\u043E\u0440")] // Cyrillic
    public async Task A_joiner_with_a_look_alike_of_a_present_name_gets_a_suffix(string present, string lookAlike)
    {
        await using var first = await _server.JoinedAsync(present);
        await using var second = await _server.JoinedAsync(lookAlike);

        Assert.Equal(present, first.Name);
        Assert.Equal($"{lookAlike}-2", second.Name);
    }

    [Fact]
    public async Task Nick_to_a_look_alike_of_another_member_is_name_taken_and_of_ones_own_name_is_allowed()
    {
        await using var kate = await _server.JoinedAsync("Kate");
        await using var mallory = await _server.JoinedAsync("mallory");

        await mallory.SendAsync("/nick \u212Aate");
        Assert.StartsWith("! name taken:", await mallory.ReceiveAsync(), StringComparison.Ordinal);

        await kate.SendAsync("/nick \u212Aate");
        Assert.Equal("*** Kate is now \u212Aate", await mallory.ReceiveUntilAsync(line => line.Contains(" is now ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("bob\u3164", "U+3164")]
    [InlineData("\u3164", "U+3164")]
    [InlineData("bob\u115F", "U+115F")]
    [InlineData("bo\u200Bb", "U+200B")]
    [InlineData("bob\u202E", "U+202E")]
    public async Task An_invisible_name_is_refused_at_the_upgrade_with_a_reason_that_names_the_character(string name, string code)
    {
        await using var server = ChatServer.OnKestrel();
        await using var raw = await RawSocket.ConnectAsync(server.BaseAddress);

        var refused = await raw.UpgradeAsync($"/ws?name={Uri.EscapeDataString(name)}");

        Assert.Equal(400, refused.Status);
        Assert.Contains($"invisible characters ({code})", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nick_to_an_invisible_name_is_bad_name_with_the_reason()
    {
        await using var bob = await _server.JoinedAsync("bob");

        await bob.SendAsync("/nick bob\uFFA0");

        Assert.Equal("! bad name: a name may not hold invisible characters (U+FFA0)", await bob.ReceiveAsync());
    }

    [Theory]
    [InlineData("\u0928\u092E\u0938\u094D\u0924\u0947")] // नमस्ते
    [InlineData("\u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD")] // שָׁלוֹם
    public async Task Names_with_combining_marks_join_as_typed(string name)
    {
        await using var member = await _server.JoinedAsync(name);

        Assert.Equal(name, member.Name);
    }
}
