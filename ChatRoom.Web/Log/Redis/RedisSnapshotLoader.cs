using ChatRoom.Model;
using ChatRoom.Names;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// The room as of its newest entry, read by one script so that it is consistent: members in join
/// order, the resume window from the stream, and the history messages older than that window.
/// Subscribes first, so that every entry after the snapshot also reaches the reader.
/// </summary>
internal sealed class RedisSnapshotLoader(
    RedisConnection connection,
    RedisLogFeed feed,
    LoadedRoom loaded,
    RoomInstance instance,
    IOptions<ChatOptions> chatOptions)
{
    /// <exception cref="RoomUnavailableException">Redis did not answer.</exception>
    public async Task<RoomSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var chat = chatOptions.Value;
        RedisResult[] answer;
        try
        {
            await feed.SubscribeAsync(cancellationToken);
            answer = (RedisResult[])(await connection.EvaluateAsync(
                "load", RedisScripts.Load,
                [RoomEpoch.New(), instance.Id, chat.ResumeWindow, RedisOptions.StreamLength(chat.ResumeWindow)],
                cancellationToken))!;
        }
        catch (RedisException exception)
        {
            throw new RoomUnavailableException("chat unavailable: Redis: " + exception.Message, exception);
        }

        var epoch = (string)answer[0]!;
        var keys = (RedisResult[])answer[4]!;
        var names = (RedisResult[])answer[5]!;
        var members = new KeyValuePair<MemberKey, string>[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            members[i] = new(EntryCodec.Member((string)keys[i]!), (string)names[i]!);
        }

        var window = Decode((RedisResult[])answer[6]!);
        window.Reverse();
        var oldestInWindow = window.Count > 0 ? window[0].Id : long.MaxValue;
        var earlier = Decode((RedisResult[])answer[7]!).Where(entry => entry.Id < oldestInWindow).ToArray();

        loaded.Set(epoch);
        return new RoomSnapshot(epoch, (long)answer[1], (long)answer[2], (long)answer[3], members, window)
        {
            EarlierMessages = earlier,
            Verified = ((RedisResult[])answer[8]!).Select(key => EntryCodec.Member((string)key!)).ToHashSet(),
        };
    }

    private static List<LogEntry> Decode(RedisResult[] payloads) =>
        [.. payloads.Select(payload => EntryCodec.Decode((byte[])payload!).Entry)];
}
