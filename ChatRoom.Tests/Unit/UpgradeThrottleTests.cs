using System.Net;
using ChatRoom.Endpoints;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Tests.Unit;

/// <summary><c>Chat:UpgradeRateLimit</c>: a token bucket of upgrades per remote address, in a bounded table.</summary>
public sealed class UpgradeThrottleTests
{
    private static readonly IPAddress Alice = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Bob = IPAddress.Parse("198.51.100.9");

    private static UpgradeThrottle Throttle(FakeTimeProvider time, double perSecond = 2, int burst = 5, int maxAddresses = 100, bool exemptLoopback = true) =>
        new(new UpgradeRateLimitOptions { PerSecond = perSecond, Burst = burst, MaxAddresses = maxAddresses, ExemptLoopback = exemptLoopback }, time);

    [Fact]
    public void An_address_gets_its_burst_then_waits_for_the_refill_and_is_told_how_long()
    {
        var time = new FakeTimeProvider();
        var throttle = Throttle(time);

        Assert.All(Enumerable.Range(0, 5), _ => Assert.Null(throttle.TryAdmit(Alice)));
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.TryAdmit(Alice));

        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Null(throttle.TryAdmit(Alice));
        Assert.NotNull(throttle.TryAdmit(Alice));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(5, Enumerable.Range(0, 8).Count(_ => throttle.TryAdmit(Alice) is null));
    }

    [Fact]
    public void Addresses_have_their_own_buckets()
    {
        var throttle = Throttle(new FakeTimeProvider());
        Assert.All(Enumerable.Range(0, 5), _ => Assert.Null(throttle.TryAdmit(Alice)));

        Assert.NotNull(throttle.TryAdmit(Alice));
        Assert.Null(throttle.TryAdmit(Bob));
    }

    [Fact]
    public void Loopback_is_exempt_by_default_and_can_be_throttled_too()
    {
        var time = new FakeTimeProvider();
        var exempt = Throttle(time);
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.Null(exempt.TryAdmit(IPAddress.Loopback)));
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.Null(exempt.TryAdmit(IPAddress.IPv6Loopback)));

        var strict = Throttle(time, exemptLoopback: false);
        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => strict.TryAdmit(IPAddress.Loopback) is null));
    }

    [Fact]
    public void A_rate_of_zero_turns_the_limit_off()
    {
        var throttle = Throttle(new FakeTimeProvider(), perSecond: 0);
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.Null(throttle.TryAdmit(Alice)));
    }

    [Fact]
    public void IPv6_addresses_of_one_slash_64_share_a_bucket_and_mapped_IPv4_is_IPv4()
    {
        var throttle = Throttle(new FakeTimeProvider());
        for (var i = 1; i <= 5; i++)
        {
            Assert.Null(throttle.TryAdmit(IPAddress.Parse($"2001:db8:1:2::{i:x}")));
        }

        Assert.NotNull(throttle.TryAdmit(IPAddress.Parse("2001:db8:1:2:ffff::1")));
        Assert.Null(throttle.TryAdmit(IPAddress.Parse("2001:db8:1:3::1")));

        Assert.All(Enumerable.Range(0, 5), _ => Assert.Null(throttle.TryAdmit(Alice)));
        Assert.NotNull(throttle.TryAdmit(Alice.MapToIPv6()));
    }

    [Fact]
    public void The_table_stays_bounded_under_a_flood_of_addresses_and_the_overflow_shares_one_bucket()
    {
        var time = new FakeTimeProvider();
        var throttle = Throttle(time, maxAddresses: 10);
        for (var i = 0; i < 10_000; i++)
        {
            throttle.TryAdmit(new IPAddress(BitConverter.GetBytes(0x0A000000 + i)));
            Assert.True(throttle.TrackedAddresses <= 10);
        }

        // Every untracked address draws on the one shared bucket, which the flood emptied.
        Assert.NotNull(throttle.TryAdmit(Alice));

        // Once the buckets have refilled they carry nothing worth keeping: new addresses get their own again.
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.All(Enumerable.Range(0, 5), _ => Assert.Null(throttle.TryAdmit(Alice)));
        Assert.NotNull(throttle.TryAdmit(Alice));
    }
}
