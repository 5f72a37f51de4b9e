using ChatRoom.Bench.Stats;

namespace ChatRoom.Bench.Tests;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_within_two_percent_of_a_sorted_sample()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 100_000).Select(_ => (long)Math.Exp(random.NextDouble() * 16)).ToArray();
        var h = new LatencyHistogram();
        foreach (var v in values)
        {
            h.Record(v);
        }

        Array.Sort(values);
        foreach (var p in new[] { 50.0, 90, 99, 99.9 })
        {
            var exact = values[(int)Math.Ceiling(p / 100 * values.Length) - 1];
            Assert.InRange(h.Percentile(p), exact, Math.Max(exact + 1, (long)(exact * 1.02)));
        }

        Assert.Equal(values[^1], h.Max);
        Assert.Equal(values.Length, h.Count);
    }

    [Fact]
    public void Bucket_bounds_grow_with_the_index()
    {
        long previous = -1;
        for (long v = 0; v < 1L << 40; v = (v * 17 / 16) + 1)
        {
            var index = LatencyHistogram.Index(v);
            Assert.True(LatencyHistogram.UpperBound(index) >= v);
            Assert.True(index >= previous);
            previous = index;
        }
    }

    [Fact]
    public void Merging_adds_counts()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        a.Record(10);
        b.Record(1000);
        var sum = new LatencyHistogram();
        a.AddTo(sum);
        b.AddTo(sum);

        Assert.Equal(2, sum.Count);
        Assert.Equal(1000, sum.Max);
        Assert.Equal(10, sum.Percentile(50));
    }
}
