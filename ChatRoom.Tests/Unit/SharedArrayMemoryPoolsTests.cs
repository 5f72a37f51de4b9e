using System.Buffers;
using ChatRoom.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Tests.Unit;

/// <summary>
/// Kestrel's buffers come from the shared array pool in the app as Program.cs composes it.
/// </summary>
/// <remarks>
/// Composed here as Program.cs does, not through <c>ChatServer</c>: the test factory adds Kestrel's
/// services after the app's, so its Kestrel keeps its own pool.
/// </remarks>
public sealed class SharedArrayMemoryPoolsTests
{
    [Fact]
    public async Task The_app_gives_Kestrel_the_shared_array_pool()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddChatRoom(builder.Configuration);
        await using var app = builder.Build();

        var pools = app.Services.GetRequiredService<IMemoryPoolFactory<byte>>();

        Assert.IsType<SharedArrayMemoryPools>(pools);
        Assert.Same(MemoryPool<byte>.Shared, pools.Create(new MemoryPoolOptions { Owner = "kestrel" }));
    }
}
