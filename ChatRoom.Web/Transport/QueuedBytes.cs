namespace ChatRoom.Transport;

/// <summary>
/// The bytes queued to every member of this process together, from the moment a frame is queued
/// until the write that carries it has ended: each <see cref="Outbox"/> bounds one member, this
/// bounds them all (<c>Chat:MaxQueuedBytes</c>). Past the bound new members are refused rather than
/// the process growing; members already in are held by their own outbox's bounds.
/// </summary>
/// <remarks>
/// Counted until written, not until taken from the queue: a member that does not read holds its
/// last batch (often its welcome, in one frame) in a write that never ends, and that is exactly the
/// memory this bound is for.
/// </remarks>
internal sealed class QueuedBytes(long limit)
{
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public bool IsFull => Total >= limit;

    public void Add(long bytes) => Interlocked.Add(ref _total, bytes);

    public void Remove(long bytes) => Interlocked.Add(ref _total, -bytes);
}
