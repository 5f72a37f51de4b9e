using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// The deployment's open rooms as Redis lists them (Scripts/rooms.lua): every instance's rooms,
/// each with the count its instances last reported at a heartbeat, so a count may lag by up to
/// one heartbeat (a third of <c>Redis:InstanceTimeout</c>).
/// </summary>
internal sealed class RedisRoomRegistry(RedisConnection connection, DeploymentKeys keys, RoomInstance instance)
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
    /// A room this instance forgot (empty for <c>Chat:EmptyRoomTtl</c>, or refused) leaves the
    /// instance's rooms unless a member of it here is still there (a leave still being retried: a
    /// survivor must reap it should this instance die), so the list holds what is open here and no
    /// more. It leaves the deployment's list at once when it has no member anywhere: its keys
    /// expire about now; another instance that still holds it open lists it again at its next beat.
    /// Best effort: otherwise the instance's list goes when it dies or stops, and the deployment's
    /// drops a room nobody has reported for two timeouts.
    /// </summary>
    /// <param name="room">The room's keys.</param>
    /// <param name="opening">The opening of the room here that was forgotten.</param>
    public async Task ForgetAsync(RedisKeys room, long opening)
    {
        try
        {
            var database = (await connection.GetAsync(CancellationToken.None)).GetDatabase();
            if (await database.SetLengthAsync(room.MembersOf(instance.Id)) == 0)
            {
                await connection.EvaluateAsync("unlist", RedisScripts.Unlist, keys.All,
                    [instance.Id, room.Room, opening], CancellationToken.None);
            }

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
