using System.Threading.Channels;
using ChatRoom.Model;

namespace ChatRoom.Log.Redis;

/// <summary>
/// Leaves the logs owe their rooms: those Redis did not take when the member left, and joins that
/// landed after their member was told <c>unavailable</c>. <see cref="LeaveRetrier"/> appends them.
/// One for every room of the instance.
/// </summary>
internal sealed class PendingLeaves
{
    private readonly Channel<PendingLeave> _leaves = Channel.CreateUnbounded<PendingLeave>(
        new UnboundedChannelOptions { SingleReader = true });

    public void Add(PendingLeave leave) => _leaves.Writer.TryWrite(leave);

    public ChannelReader<PendingLeave> Reader => _leaves.Reader;
}

/// <summary>One room's way into <see cref="PendingLeaves"/>: its scripts and arguments go with each leave.</summary>
internal sealed class RoomLeaves(PendingLeaves pending, RoomScripts scripts, AppendArguments arguments)
{
    /// <param name="appendKey">The key of an earlier attempt, so that it and the retry make one
    /// leave; null for a new one.</param>
    public void Add(MemberKey member, string? appendKey) =>
        pending.Add(new PendingLeave(scripts, arguments, member, appendKey ?? Guid.NewGuid().ToString("N")));
}

internal sealed record PendingLeave(RoomScripts Scripts, AppendArguments Arguments, MemberKey Member, string AppendKey);
