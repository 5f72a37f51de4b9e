using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;

namespace ChatRoom.Endpoints;

/// <summary>
/// A token bucket of upgrades per remote address (<c>Chat:UpgradeRateLimit</c>): a join storm
/// from one address is refused with 503 and <c>Retry-After</c> before it reaches the room.
/// </summary>
/// <remarks>
/// IPv6 is keyed by its /64, the block one subscriber gets, so a single host cannot mint fresh
/// buckets from its prefix. The table holds at most <see cref="UpgradeRateLimitOptions.MaxAddresses"/>
/// buckets: when full, buckets that have refilled (they hold nothing a new one would not) are
/// swept, at most once a second; addresses that still find no room share one overflow bucket,
/// so memory stays bounded under a flood of addresses and the limit degrades to a global one.
/// One lock, held for a dictionary lookup: an upgrade costs far more than that.
/// </remarks>
internal sealed class UpgradeThrottle(UpgradeRateLimitOptions options, TimeProvider time)
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<Key, Bucket> _buckets = [];
    private readonly Lock _lock = new();
    private Bucket _overflow;
    private long _sweptAt;
    private bool _swept;

    public int TrackedAddresses
    {
        get
        {
            lock (_lock)
            {
                return _buckets.Count;
            }
        }
    }

    /// <summary>
    /// Null when <paramref name="address"/> may upgrade now; else how long to wait (whole seconds, for
    /// <c>Retry-After</c>).
    /// </summary>
    public TimeSpan? TryAdmit(IPAddress? address)
    {
        if (options.PerSecond <= 0 || address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (options.ExemptLoopback && IPAddress.IsLoopback(address))
        {
            return null;
        }

        var now = time.GetTimestamp();
        lock (_lock)
        {
            ref var bucket = ref BucketOf(KeyOf(address), now);
            return bucket.TryTake(now, options, time);
        }
    }

    private ref Bucket BucketOf(Key key, long now)
    {
        if (_buckets.Count >= options.MaxAddresses && !_buckets.ContainsKey(key))
        {
            Sweep(now);
            if (_buckets.Count >= options.MaxAddresses)
            {
                return ref _overflow;
            }
        }

        ref var bucket = ref CollectionsMarshal.GetValueRefOrAddDefault(_buckets, key, out var existed);
        if (!existed)
        {
            bucket = Bucket.Full(options.Burst, now);
        }

        return ref bucket;
    }

    private void Sweep(long now)
    {
        if (_swept && time.GetElapsedTime(_sweptAt, now) < SweepInterval)
        {
            return;
        }

        (_swept, _sweptAt) = (true, now);
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.IsFull(now, options, time))
            {
                _buckets.Remove(key);
            }
        }
    }

    private static Key KeyOf(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        return length == 4
            ? new Key(BinaryPrimitives.ReadUInt32BigEndian(bytes), IsIPv6Prefix: false)
            : new Key(BinaryPrimitives.ReadUInt64BigEndian(bytes), IsIPv6Prefix: true);
    }

    private readonly record struct Key(ulong Value, bool IsIPv6Prefix);

    private struct Bucket
    {
        private double _tokens;
        private long _refilledAt;
        private bool _started;

        public static Bucket Full(int burst, long now) => new() { _tokens = burst, _refilledAt = now, _started = true };

        public TimeSpan? TryTake(long now, UpgradeRateLimitOptions options, TimeProvider time)
        {
            if (!_started)
            {
                this = Full(options.Burst, now);
            }

            _tokens = Tokens(now, options, time);
            _refilledAt = now;
            if (_tokens >= 1)
            {
                _tokens--;
                return null;
            }

            return TimeSpan.FromSeconds(Math.Ceiling((1 - _tokens) / options.PerSecond));
        }

        public readonly bool IsFull(long now, UpgradeRateLimitOptions options, TimeProvider time) =>
            Tokens(now, options, time) >= options.Burst;

        private readonly double Tokens(long now, UpgradeRateLimitOptions options, TimeProvider time) =>
            Math.Min(options.Burst, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * options.PerSecond));
    }
}
