using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Integration;

/// <summary>
/// Many senders, many members dropping and resuming at random: every member's transcript, live
/// and resumed together, is the same gap-free, duplicate-free sequence of ids.
/// </summary>
public sealed class ResumePropertyTests
{
    private const int Senders = 10;
    private const int Droppers = 20;
    private const int MessagesPerSender = 60;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_transcript_is_the_same_gap_free_sequence(int seed)
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?>
        {
            ["Chat:AdminKey"] = RoomAdmin.Key,
            ["Chat:ResumeWindow"] = "100000",
            ["Chat:RateLimit:MessagesPerSecond"] = "1000000",
            ["Chat:RateLimit:Burst"] = "1000000",
        });
        var members = Enumerable.Range(0, Senders + Droppers)
            .Select(i => new ResumingMember(q => server.SocketUri(query: q), i < Senders ? $"sender{i}" : $"dropper{i}"))
            .ToArray();
        foreach (var member in members)
        {
            await member.ConnectAsync();
        }

        // Each dropper drops when a sender reaches a point of its random schedule; the senders go on
        // for at least ten more messages, so a dropper always has a frame to wake it. The end marker
        // is a notice posted once every dropper has made all its drops and is connected for good.
        var random = new Random(seed);
        var droppers = members.Skip(Senders).Select(m => new Dropper(m, random.Next(2, 5))).ToArray();
        var schedule = droppers
            .SelectMany(d => Enumerable.Range(0, d.Drops).Select(_ => (Sender: random.Next(Senders), At: random.Next(MessagesPerSender - 10), Dropper: d)))
            .ToLookup(p => (p.Sender, p.At), p => p.Dropper);
        var acked = members.Take(Senders).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var readers = members.Take(Senders).Select((m, s) => ReadUntilEndAsync(m, null, acked[s]))
            .Concat(droppers.Select(d => ReadUntilEndAsync(d.Member, d, null))).ToArray();
        await Task.WhenAll(members.Take(Senders).Select(async (sender, s) =>
        {
            for (var n = 0; n < MessagesPerSender; n++)
            {
                await sender.Connection.SendAsync($"{s}:{n}");
                foreach (var dropper in schedule[(s, n)])
                {
                    dropper.Requests.Release();
                }
            }
        }));
        await Task.WhenAll(droppers.Select(d => d.Settled.Task));

        // Sent is not yet sequenced: the end goes once every message has its id (is acked).
        await Task.WhenAll(acked.Select(a => a.Task));

        await RoomAdmin.PostNoticeAsync(server, "end");
        var endIds = await Task.WhenAll(readers);

        var end = Assert.Single(endIds.Distinct());
        foreach (var member in members)
        {
            Assert.Equal(member.ExpectedIds(end), member.Events.Keys);
        }

        // Where two members have the same id, it is the same event (acks aside).
        var said = new Dictionary<long, string>();
        foreach (var (id, text) in members.SelectMany(m => m.Events).Where(e => e.Value != "ack"))
        {
            Assert.Equal(said.TryAdd(id, text) ? text : said[id], text);
        }

        Assert.Equal(Senders * MessagesPerSender, said.Values.Count(t => t.StartsWith("message|", StringComparison.Ordinal)) + AcksOnly(members, said));
        foreach (var member in members)
        {
            await member.DisposeAsync();
        }
    }

    /// <summary>Messages only their senders saw (as acks) while everyone else was elsewhere: none expected.</summary>
    private static int AcksOnly(IEnumerable<ResumingMember> members, Dictionary<long, string> said) =>
        members.SelectMany(m => m.Events).Where(e => e.Value == "ack").Select(e => e.Key).Distinct().Count(id => !said.ContainsKey(id));

    /// <summary>Reads until the end notice, dropping and resuming when asked first; returns the notice's id.</summary>
    private static async Task<long> ReadUntilEndAsync(ResumingMember member, Dropper? dropper, TaskCompletionSource? allAcked)
    {
        var acks = 0;
        var dropped = 0;
        while (true)
        {
            while (dropper is not null && dropper.Requests.Wait(0))
            {
                member.Drop();
                await member.ConnectAsync();
                if (++dropped == dropper.Drops)
                {
                    dropper.Settled.TrySetResult();
                }
            }

            var frame = await member.ReceiveAsync();
            if (frame.GetProperty("type").GetString() == "ack" && ++acks == MessagesPerSender)
            {
                allAcked?.TrySetResult();
            }

            if (frame.GetProperty("type").GetString() == "notice" && frame.GetProperty("text").GetString() == "end")
            {
                return frame.GetProperty("id").GetInt64();
            }
        }
    }

    private sealed class Dropper(ResumingMember member, int drops)
    {
        public ResumingMember Member { get; } = member;

        public int Drops { get; } = drops;

        public SemaphoreSlim Requests { get; } = new(0);

        public TaskCompletionSource Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
