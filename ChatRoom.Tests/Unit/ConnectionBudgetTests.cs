using ChatRoom.Hosting;
using ChatRoom.Hosting.Limits;

namespace ChatRoom.Tests.Unit;

/// <summary>What an open-file limit holds: README's "Connections and descriptors" table, computed.</summary>
public sealed class ConnectionBudgetTests
{
    [Theory]
    [InlineData(1024, 416, 608, 567)]
    [InlineData(4096, 512, 3584, 3496)]
    [InlineData(20_000, 1009, 18_991, 18_663)]
    [InlineData(1_048_576, 33_152, 1_015_424, 999_526)]
    public void The_reserve_grows_with_the_limit_and_members_leave_room_for_plain_HTTP(long limit, int reserve, int connections, int members)
    {
        var budget = new ConnectionBudget(limit, limit);

        Assert.Equal(reserve, budget.Reserve);
        Assert.Equal(connections, budget.Connections);
        Assert.Equal(members, budget.Members);
        Assert.Equal(limit, budget.Reserve + budget.Connections);
    }

    [Fact]
    public void A_tiny_limit_still_admits_a_member_and_keeps_half_for_the_process()
    {
        var budget = new ConnectionBudget(64, 64);

        Assert.Equal(32, budget.Reserve);
        Assert.True(budget.Members >= 1);
        Assert.True(budget.Members < budget.Connections);
    }
}
