using ChatRoom.Bench.Stats;

namespace ChatRoom.Bench.Tests;

public sealed class OrderTrackerTests
{
    [Fact]
    public void In_order_arrivals_are_in_order()
    {
        var t = new OrderTracker(2);
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(Arrival.InOrder, t.Observe(1, i));
        }
    }

    [Fact]
    public void A_repeat_is_a_duplicate_and_a_late_one_is_out_of_order()
    {
        var t = new OrderTracker(1);
        t.Observe(0, 0);
        t.Observe(0, 2);

        Assert.Equal(Arrival.Duplicate, t.Observe(0, 2));
        Assert.Equal(Arrival.Duplicate, t.Observe(0, 0));
        Assert.Equal(Arrival.OutOfOrder, t.Observe(0, 1));
        Assert.Equal(Arrival.Duplicate, t.Observe(0, 1));
        Assert.Equal(Arrival.InOrder, t.Observe(0, 3));
    }

    [Fact]
    public void Senders_are_tracked_separately()
    {
        var t = new OrderTracker(2);
        t.Observe(0, 5);

        Assert.Equal(Arrival.InOrder, t.Observe(1, 0));
        Assert.Equal(Arrival.OutOfOrder, t.Observe(0, 4));
    }
}
