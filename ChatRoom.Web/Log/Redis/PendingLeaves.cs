using System.Threading.Channels;
using ChatRoom.Model;

namespace ChatRoom.Log.Redis;

/// <summary>
/// Leaves the log owes the room: those Redis did not take when the member left, and joins that
/// landed after their member was told <c>unavailable</c>. <see cref="LeaveRetrier"/> appends them.
/// </summary>
internal sealed class PendingLeaves
{
    private readonly Channel<PendingLeave> _leaves = Channel.CreateUnbounded<PendingLeave>(
        new UnboundedChannelOptions { SingleReader = true });

    /// <param name="appendKey">The key of an earlier attempt, so that it and the retry make one
    /// leave; null for a new one.</param>
    public void Add(MemberKey member, string? appendKey) =>
        _leaves.Writer.TryWrite(new PendingLeave(member, appendKey ?? Guid.NewGuid().ToString("N")));

    public ChannelReader<PendingLeave> Reader => _leaves.Reader;
}

internal sealed record PendingLeave(MemberKey Member, string AppendKey);
