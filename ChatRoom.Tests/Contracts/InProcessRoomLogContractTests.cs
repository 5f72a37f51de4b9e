using System.Globalization;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Contracts;

/// <summary>The room log contract on the in-process log: RoomLedger's decisions.</summary>
public sealed class InProcessRoomLogContractTests : RoomLogContract
{
    private protected override Task<OpenedRoomLog> OpenAsync(int maxMembers = 100, int announceJoinsUpTo = 100) =>
        Task.FromResult(OpenedRoomLog.Create(new Dictionary<string, string?>
        {
            ["Chat:MaxMembers"] = maxMembers.ToString(CultureInfo.InvariantCulture),
            ["Chat:AnnounceJoinsUpTo"] = announceJoinsUpTo.ToString(CultureInfo.InvariantCulture),
        }));
}
