using ChatRoom.Model;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// Announces the leaves of dead instances' members, room by room: for each incarnation declared
/// dead, one script (Scripts/reap.lua) in each room it registered in, which removes it and leaves
/// its members there atomically, once: every survivor may try, one announces. An incarnation is
/// forgotten once every one of its rooms has answered; a room whose master is down is tried again
/// at the next beat, and meanwhile holds up no other room.
/// </summary>
internal sealed class DeadInstanceReaper(
    RedisConnection connection,
    DeploymentKeys keys,
    RedisRoomRules expiry,
    RedisMetrics metrics,
    IOptions<RedisOptions> redisOptions,
    IOptions<ChatOptions> chatOptions,
    ILogger<DeadInstanceReaper> logger)
{
    /// <param name="dead">Incarnations declared dead, each <c>instance:incarnation</c>.</param>
    public async Task ReapAsync(IEnumerable<string> dead, CancellationToken cancellationToken)
    {
        foreach (var incarnation in dead)
        {
            var colon = incarnation.LastIndexOf(':');
            var (id, number) = (incarnation[..colon], incarnation[(colon + 1)..]);
            try
            {
                var database = (await connection.GetAsync(cancellationToken)).GetDatabase();
                var rooms = await database.SortedSetRangeByRankAsync(keys.RoomsOf(id));
                var reaped = await Task.WhenAll(rooms.Select(room => ReapAsync(id, number, room!, cancellationToken)));
                if (reaped.Sum(count => Math.Max(count, 0)) is > 0 and var members)
                {
                    metrics.Reaped(members);
                    RedisLog.Reaped(logger, members, id);
                }

                if (reaped.All(count => count >= 0))
                {
                    await connection.EvaluateAsync("reaped", RedisScripts.Reaped, keys.All, [id, number],
                        cancellationToken);
                }
            }
            catch (RedisException)
            {
                // The deployment's slot did not answer: this incarnation is tried again at the next beat.
            }
        }
    }

    /// <summary>The members of <paramref name="id"/>'s dead incarnation that left <paramref name="room"/>; -1 when its master did not answer.</summary>
    private async Task<long> ReapAsync(string id, string incarnation, string room, CancellationToken cancellationToken)
    {
        var chat = chatOptions.Value;
        var roomKeys = new RedisKeys(redisOptions.Value.Room, room);
        try
        {
            return (long)await connection.EvaluateAsync("reap", RedisScripts.Reap, roomKeys.All,
            [
                id, incarnation, roomKeys.Channel.ToString(), RedisOptions.StreamLength(chat.ResumeWindow),
                chat.AnnounceJoinsUpTo, expiry.TtlMilliseconds(room),
            ], cancellationToken);
        }
        catch (RedisException)
        {
            return -1;
        }
    }
}
