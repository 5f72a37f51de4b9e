using System.Net.WebSockets;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// A storm of joins and resets must not empty the room: members that read are judged by their own
/// sockets, never by how far behind the busy server is, so none of them is closed as too slow.
/// </summary>
/// <remarks>
/// The attack was 2,000 readers and 300 resets; here 400 readers (the test process reads
/// for all of them, and must not starve itself into looking slow) and the same 300 resets, against
/// the real server in its own process with its default limits.
/// </remarks>
[Collection(RunsAlone.Name)]
public sealed class JoinStormTests
{
    private const int Readers = 400;
    private const int Storm = 300;

    [Fact]
    public async Task A_burst_of_joins_and_resets_closes_no_member_that_reads()
    {
        await using var server = await ServerProcess.StartAsync();
        Uri SocketUri(string name) => new($"ws://{server.BaseAddress.Authority}/ws?name={name}");
        var members = new List<TestMember>();
        for (var i = 0; i < Readers; i++)
        {
            var member = await TestMember.ConnectAsync(SocketUri($"reader{i}"));
            await member.ReadWelcomeAsync();
            members.Add(member);
        }

        var reading = members.Select(ReadUntilEndAsync).ToArray();
        await Task.WhenAll(Enumerable.Range(0, Storm).Select(async i =>
        {
            var raw = await RawSocket.JoinAsync(server.BaseAddress, $"storm{i}");
            raw.Abort();
        }));

        await using var last = await TestMember.ConnectAsync(SocketUri("closer"));
        await last.ReadWelcomeAsync();
        await last.SendAsync("end of storm");
        var closes = await Task.WhenAll(reading);

        Assert.All(closes, close => Assert.Null(close));
        foreach (var member in members)
        {
            await member.DisposeAsync();
        }
    }

    /// <summary>Reads until the closer's message; returns the close status if the server closed the member first.</summary>
    private static async Task<WebSocketCloseStatus?> ReadUntilEndAsync(TestMember member)
    {
        try
        {
            await member.ReceiveUntilAsync(text => text == "closer: end of storm");
            return null;
        }
        catch (InvalidOperationException) when (member.Socket.CloseStatus is { } status)
        {
            return status;
        }
    }
}
