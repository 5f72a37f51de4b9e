using System.Numerics;

namespace ChatRoom.Bench.Stats;

/// <summary>
/// Log-linear histogram of microseconds (HDR-style: 64 linear sub-buckets per power of two, so any
/// reported percentile is within 1.6 % of the true value). Fixed size, no allocation per record.
/// Not thread-safe: each thread records into its own and they are merged for reporting.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 6;
    private const int Sub = 1 << SubBits;

    // Values up to 2^42 µs (about 50 days) fit; larger ones are clamped.
    private const int MaxShift = 42 - SubBits;
    private const int BucketCount = (MaxShift + 2) * Sub;

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public long Max { get; private set; }

    public long Min { get; private set; } = long.MaxValue;

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        _counts[Index(micros)]++;
        Count++;
        if (micros > Max)
        {
            Max = micros;
        }

        if (micros < Min)
        {
            Min = micros;
        }
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
        Max = 0;
        Min = long.MaxValue;
    }

    public void AddTo(LatencyHistogram target)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            target._counts[i] += _counts[i];
        }

        target.Count += Count;
        target.Max = Math.Max(target.Max, Max);
        target.Min = Math.Min(target.Min, Min);
    }

    /// <summary>The value at or below which <paramref name="percentile"/> % of the records fall (bucket upper bound, capped at Max).</summary>
    public long Percentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperBound(i), Max);
            }
        }

        return Max;
    }

    public double Mean()
    {
        if (Count == 0)
        {
            return 0;
        }

        double sum = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] != 0)
            {
                sum += _counts[i] * (double)Mid(i);
            }
        }

        return sum / Count;
    }

    internal static int Index(long v)
    {
        if (v < 2 * Sub)
        {
            return (int)v;
        }

        var shift = Math.Min(BitOperations.Log2((ulong)v) - SubBits, MaxShift);
        var mantissa = Math.Min(v >> shift, (2 * Sub) - 1);
        return (shift * Sub) + (int)mantissa;
    }

    internal static long UpperBound(int index)
    {
        if (index < 2 * Sub)
        {
            return index;
        }

        var shift = (index / Sub) - 1;
        var mantissa = (long)(index % Sub) + Sub;
        return ((mantissa + 1) << shift) - 1;
    }

    private static long Mid(int index)
    {
        if (index < 2 * Sub)
        {
            return index;
        }

        var shift = (index / Sub) - 1;
        var mantissa = (long)(index % Sub) + Sub;
        return (mantissa << shift) + ((1L << shift) / 2);
    }
}
