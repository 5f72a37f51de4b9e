using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace ChatRoom.Hosting.Limits;

/// <summary>
/// Kestrel's buffers from one pool of plain 4 KiB arrays that keeps at most
/// <see cref="MaxCachedBlocks"/> of them, instead of its pinned-block pool that keeps all it ever made.
/// </summary>
/// <remarks>
/// Kestrel's pool keeps every 4 KiB block it ever handed out and gives back at most 1 % of them
/// per 10 s while any traffic flows: after 10,000 members joined, it held ≈ 16,000 idle pinned
/// blocks, ≈ 6.5 KB per member, although no idle connection holds one (zero-byte reads; the pipes
/// return a block once it is read). The shared array pool instead (a few dozen arrays per core)
/// made a 1,000-member fan-out allocate afresh and peak ≈ 70 MiB higher: this pool keeps enough
/// for that, and <see cref="IdleMemoryTrim"/> empties it when the process is quiet. Pinning buys
/// nothing on Linux: the socket calls pin a buffer only for the syscall.
/// docs/perf/journal-2026-12.md, "Round three: idle memory", has the measurements.
/// </remarks>
internal sealed class BoundedBlockPools : IMemoryPoolFactory<byte>, IDisposable
{
    public const int BlockSize = 4096;

    /// <summary>8 MiB: what a 1,000-member fan-out keeps in flight, well under an idle room's worth.</summary>
    public const int MaxCachedBlocks = 2048;

    private readonly BlockPool _pool = new();

    /// <summary>Blocks kept for reuse now.</summary>
    public int Cached => _pool.Cached;

    /// <summary>One pool for every caller; disposing it, as Kestrel does on shutdown, does nothing.</summary>
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => _pool;

    /// <summary>Lets every kept block go to the collector.</summary>
    public void Trim() => _pool.Trim();

    public void Dispose() => _pool.Dispose();

    private sealed class BlockPool : MemoryPool<byte>
    {
        private readonly ConcurrentQueue<Block> _free = new();
        private int _cached;

        public int Cached => Volatile.Read(ref _cached);

        // Kestrel's pipes take segments of at most this; larger requests go to the array pool.
        public override int MaxBufferSize => BlockSize;

        public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
            if (_free.TryDequeue(out var block))
            {
                Interlocked.Decrement(ref _cached);
                return block;
            }

            return new Block(this);
        }

        public void Return(Block block)
        {
            if (Interlocked.Increment(ref _cached) <= MaxCachedBlocks)
            {
                _free.Enqueue(block);
            }
            else
            {
                Interlocked.Decrement(ref _cached);
            }
        }

        public void Trim()
        {
            while (_free.TryDequeue(out _))
            {
                Interlocked.Decrement(ref _cached);
            }
        }

        // Kestrel disposes the pools it creates, on shutdown, while blocks may still come back.
        protected override void Dispose(bool disposing) => Trim();
    }

    /// <summary>A reusable block, as Kestrel's own: returned by Dispose, handed out again by Rent.</summary>
    private sealed class Block(BlockPool pool) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = new byte[BlockSize];

        public void Dispose() => pool.Return(this);
    }
}
