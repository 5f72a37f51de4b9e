using System.Collections.Concurrent;

namespace ChatRoom.Chat;

/// <summary>
/// This instance's members: those whose joins the reader has applied (it alone changes them;
/// <see cref="All"/> is an immutable snapshot any thread may read), and those waiting for theirs.
/// </summary>
public sealed class LocalMembers
{
    private readonly ConcurrentDictionary<long, PendingJoin> _pending = new();
    private readonly Dictionary<long, Member> _byId = [];
    private Member[] _all = [];

    public Member[] All => Volatile.Read(ref _all);

    public int Count => All.Length;

    public void Expect(PendingJoin join) => _pending[join.Member.Id] = join;

    /// <summary>The join waiting for its entry; null when its connection stopped waiting.</summary>
    public PendingJoin? TakePending(long id) => _pending.TryRemove(id, out var join) ? join : null;

    public void Abandon(long id) => _pending.TryRemove(id, out _);

    public bool TryGet(long id, out Member member) => _byId.TryGetValue(id, out member!);

    public void Add(Member member)
    {
        _byId.Add(member.Id, member);
        Volatile.Write(ref _all, [.. _all, member]);
    }

    public Member? Remove(long id)
    {
        if (!_byId.Remove(id, out var member))
        {
            return null;
        }

        Volatile.Write(ref _all, Array.FindAll(_all, m => m != member));
        return member;
    }

    /// <summary>Empties the instance: the members and the joins waiting, which are told why.</summary>
    public Member[] Clear(Exception reason)
    {
        foreach (var id in _pending.Keys)
        {
            TakePending(id)?.Fail(reason);
        }

        var all = All;
        _byId.Clear();
        Volatile.Write(ref _all, []);
        return all;
    }
}

/// <summary>A member whose join is in the log, waiting for the reader to reach it and welcome it.</summary>
public sealed class PendingJoin(Member member, ResumeRequest? resume)
{
    private readonly TaskCompletionSource<Welcome> _welcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Member Member { get; } = member;

    public ResumeRequest? Resume { get; } = resume;

    public Task<Welcome> Welcomed => _welcome.Task;

    public void Complete(Welcome welcome) => _welcome.TrySetResult(welcome);

    public void Fail(Exception reason) => _welcome.TrySetException(reason);
}

/// <summary>What a reconnecting client last saw: the id it processed and the epoch it got it in.</summary>
public sealed record ResumeRequest(long Since, string Epoch);
