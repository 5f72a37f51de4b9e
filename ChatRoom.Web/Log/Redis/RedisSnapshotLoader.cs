using ChatRoom.Model;
using ChatRoom.Names;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// The room as of its newest entry, read by one script so that it is consistent: members in join
/// order, the resume window from the stream, and the history messages older than that window.
/// Subscribes first, so that every entry after the snapshot also reaches the reader, and registers
/// this instance's incarnation in the room (listed first among the instance's rooms, where a
/// survivor looks should it die).
/// </summary>
internal sealed class RedisSnapshotLoader(
    RoomScripts scripts,
    RedisLogFeed feed,
    LoadedRoom loaded,
    InstanceBeat beat,
    RedisRoomRules expiry,
    ChatOptions chat,
    long opening)
{
    /// <exception cref="RoomUnavailableException">Redis did not answer.</exception>
    public async Task<RoomSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var keys = scripts.Keys;
        RedisResult[] answer;
        string incarnation;
        try
        {
            await feed.SubscribeAsync(cancellationToken);
            incarnation = await beat.EnterAsync(keys.Room, opening, cancellationToken);
            answer = (RedisResult[])(await scripts.EvaluateAsync(
                "load", RedisScripts.Load,
                [
                    RoomEpoch.New(), beat.InstanceId, incarnation, chat.ResumeWindow,
                    RedisOptions.StreamLength(chat.ResumeWindow), keys.Channel.ToString(), chat.AnnounceJoinsUpTo,
                    expiry.TtlMilliseconds(keys.Room),
                ],
                cancellationToken))!;
        }
        catch (RedisException exception)
        {
            throw new RoomUnavailableException("chat unavailable: Redis: " + exception.Message, exception);
        }

        var epoch = (string)answer[0]!;
        var members = (RedisResult[])answer[4]!;
        var names = (RedisResult[])answer[5]!;
        var roster = new KeyValuePair<MemberKey, string>[members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            roster[i] = new(EntryCodec.Member((string)members[i]!), (string)names[i]!);
        }

        var window = Decode((RedisResult[])answer[6]!);
        window.Reverse();
        var oldestInWindow = window.Count > 0 ? window[0].Id : long.MaxValue;
        var earlier = Decode((RedisResult[])answer[7]!).Where(entry => entry.Id < oldestInWindow).ToArray();

        loaded.Set(epoch, incarnation);
        return new RoomSnapshot(epoch, (long)answer[1], (long)answer[2], (long)answer[3], roster, window)
        {
            EarlierMessages = earlier,
            Verified = ((RedisResult[])answer[8]!).Select(key => EntryCodec.Member((string)key!)).ToHashSet(),
        };
    }

    private static List<LogEntry> Decode(RedisResult[] payloads) =>
        [.. payloads.Select(payload => EntryCodec.Decode((byte[])payload!).Entry)];
}
