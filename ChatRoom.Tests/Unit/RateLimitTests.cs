using ChatRoom.Members;
using ChatRoom.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Tests.Unit;

public sealed class RateLimitTests
{
    [Fact]
    public void Token_bucket_allows_a_burst_then_refills_at_its_rate()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(tokensPerSecond: 10, burst: 20, time);
        Assert.Equal(20, Enumerable.Range(0, 25).Count(_ => bucket.TryTake()));

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(20, Enumerable.Range(0, 25).Count(_ => bucket.TryTake()));
    }

    [Fact]
    public void Fifty_drops_within_ten_seconds_is_flooding()
    {
        var time = new FakeTimeProvider();
        var guard = new FloodGuard(time);
        for (var i = 0; i < FloodGuard.DropLimit - 1; i++)
        {
            Assert.False(guard.RecordDrop());
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.True(guard.RecordDrop());
    }

    [Fact]
    public void Drops_spread_over_more_than_ten_seconds_are_not_flooding()
    {
        var time = new FakeTimeProvider();
        var guard = new FloodGuard(time);
        for (var i = 0; i < FloodGuard.DropLimit * 3; i++)
        {
            Assert.False(guard.RecordDrop());
            time.Advance(TimeSpan.FromMilliseconds(210));
        }
    }
}
