using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace ChatRoom.Hosting;

/// <summary>
/// Kestrel's buffers from <see cref="ArrayPool{T}.Shared"/> instead of its pinned-block pool.
/// </summary>
/// <remarks>
/// Kestrel's pool keeps every 4 KiB block it ever handed out and gives back at most 1 % of them
/// per 10 s while any traffic flows (presence frames and keep-alives always do): after 10,000
/// members joined, it held ≈ 16,000 idle pinned blocks, ≈ 6.5 KB per member, although no idle
/// connection holds one (zero-byte reads; the pipes return a block once it is read). The shared
/// array pool keeps a few dozen arrays per size and core and lets the rest go to the collector.
/// Pinning buys nothing on Linux: the socket calls pin a buffer only for the syscall.
/// docs/performance.md, "Round three: idle memory", has the measurements.
/// </remarks>
public sealed class SharedArrayMemoryPools : IMemoryPoolFactory<byte>
{
    /// <summary>The shared pool for every caller; disposing it, as Kestrel does on shutdown, does nothing.</summary>
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => MemoryPool<byte>.Shared;
}
