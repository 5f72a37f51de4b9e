using System.Globalization;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Contracts;

/// <summary>The room log contract on the Redis log: the append script's decisions, on a real redis-server.</summary>
public sealed class RedisRoomLogContractTests : RoomLogContract, IAsyncLifetime
{
    private RedisServer? _redis;

    public async ValueTask InitializeAsync() =>
        _redis = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private protected override Task<OpenedRoomLog> OpenAsync(int maxMembers = 100, int announceJoinsUpTo = 100) =>
        Task.FromResult(OpenedRoomLog.Create(RedisInstances.Settings(_redis!, extra: new()
        {
            ["Chat:MaxMembers"] = maxMembers.ToString(CultureInfo.InvariantCulture),
            ["Chat:AnnounceJoinsUpTo"] = announceJoinsUpTo.ToString(CultureInfo.InvariantCulture),
        })));
}
