using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// The deployment's open rooms as Redis lists them (Scripts/rooms.lua): every instance's rooms,
/// each with the count its instances last reported at a heartbeat, so a count may lag by up to
/// one heartbeat (a third of <c>Redis:InstanceTimeout</c>).
/// </summary>
internal sealed class RedisRoomRegistry(RedisConnection connection, DeploymentKeys keys)
{
    /// <summary>The <paramref name="max"/> rooms with the most members, and how many rooms are open.</summary>
    /// <exception cref="RoomUnavailableException">The deployment's slot did not answer.</exception>
    public async Task<(long Total, IReadOnlyList<(string Room, int Online)> Rooms)> ListAsync(int max,
        CancellationToken cancellationToken)
    {
        RedisResult[] answer;
        try
        {
            answer = (RedisResult[])(await connection.EvaluateAsync("rooms", RedisScripts.Rooms, keys.All, [max],
                cancellationToken))!;
        }
        catch (RedisException exception)
        {
            throw new RoomUnavailableException("chat unavailable: Redis: " + exception.Message, exception);
        }

        var pairs = (RedisResult[])answer[1]!;
        var rooms = new (string, int)[pairs.Length / 2];
        for (var i = 0; i < rooms.Length; i++)
        {
            rooms[i] = ((string)pairs[2 * i]!, (int)(double)pairs[2 * i + 1]);
        }

        return ((long)answer[0], rooms);
    }

    /// <summary>
    /// A room this instance forgot (empty for <c>Chat:EmptyRoomTtl</c>) leaves the list at once when
    /// it has no member anywhere: its keys expire about now. Another instance that still holds it
    /// open lists it again at its next beat. Best effort: otherwise it leaves once nobody has
    /// reported it for two timeouts.
    /// </summary>
    public async Task ForgetIfEmptyAsync(RedisKeys room)
    {
        try
        {
            var database = (await connection.GetAsync(CancellationToken.None)).GetDatabase();
            if (await database.HashLengthAsync(room.All[6]) == 0)
            {
                var (rooms, seen) = keys.Registry;
                await database.SortedSetRemoveAsync(rooms, room.Room);
                await database.SortedSetRemoveAsync(seen, room.Room);
            }
        }
        catch (Exception exception) when (exception is RedisException or ObjectDisposedException)
        {
            // Redis away, or the host torn down: the registry's own clean-up takes it off later.
        }
    }
}
