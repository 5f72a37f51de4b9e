using ChatRoom.Hosting;
using ChatRoom.Hosting.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Tests.Unit;

/// <summary>
/// Kestrel's buffers come from the app's bounded block pool, as Program.cs composes it.
/// </summary>
/// <remarks>
/// Composed here as Program.cs does, not through <c>ChatServer</c>: the test factory adds Kestrel's
/// services after the app's, so its Kestrel keeps its own pool.
/// </remarks>
public sealed class BoundedBlockPoolsTests
{
    [Fact]
    public async Task The_app_gives_Kestrel_its_bounded_pool()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddChatRoom(builder.Configuration);
        await using var app = builder.Build();

        var pools = app.Services.GetRequiredService<IMemoryPoolFactory<byte>>();

        Assert.Same(app.Services.GetRequiredService<BoundedBlockPools>(), pools);
    }

    [Fact]
    public void Blocks_are_reused_up_to_the_bound_and_a_trim_lets_them_go()
    {
        var pools = new BoundedBlockPools();
        var pool = pools.Create(new MemoryPoolOptions { Owner = "kestrel" });
        Assert.Equal(BoundedBlockPools.BlockSize, pool.MaxBufferSize);

        var first = pool.Rent();
        var memory = first.Memory;
        first.Dispose();
        Assert.Equal(1, pools.Cached);
        using (var again = pool.Rent())
        {
            Assert.True(again.Memory.Span == memory.Span, "a returned block is handed out again");
        }

        var rented = Enumerable.Range(0, BoundedBlockPools.MaxCachedBlocks + 10).Select(_ => pool.Rent()).ToList();
        Assert.All(rented, block => Assert.Equal(BoundedBlockPools.BlockSize, block.Memory.Length));
        rented.ForEach(block => block.Dispose());
        Assert.Equal(BoundedBlockPools.MaxCachedBlocks, pools.Cached);

        pools.Trim();
        Assert.Equal(0, pools.Cached);
    }
}
