using System.Collections.Concurrent;
using ChatRoom.Members;
using ChatRoom.Model;
using ChatRoom.Wire;

namespace ChatRoom.Rooms;

/// <summary>
/// This instance's members: those whose joins the reader has applied (it alone changes them;
/// <see cref="All"/> is an immutable snapshot any thread may read), and those waiting for theirs.
/// </summary>
internal sealed class LocalMembers : IWaitingJoins
{
    private readonly ConcurrentDictionary<long, PendingJoin> _pending = new();
    private readonly Dictionary<long, Member> _byId = [];

    /// <summary>
    /// Null when a join or leave made it stale. Built when next read, not at every change: past
    /// Chat:AnnounceJoinsUpTo a join storm reads it only once per presence tick, and copying it
    /// per join made joining N members cost O(N²).
    /// </summary>
    private Member[]? _all = [];

    public Member[] All
    {
        get
        {
            if (Volatile.Read(ref _all) is { } all)
            {
                return all;
            }

            lock (_byId)
            {
                return _all ??= [.. _byId.Values];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_byId)
            {
                return _byId.Count;
            }
        }
    }

    public void Expect(PendingJoin join) => _pending[join.Member.Id] = join;

    /// <summary>The join waiting for its entry; null when its connection stopped waiting.</summary>
    public PendingJoin? TakePending(long id) => _pending.TryRemove(id, out var join) ? join : null;

    public void Abandon(long id) => _pending.TryRemove(id, out _);

    public bool IsWaiting(long memberId, out ResumeRequest? resumeFrom)
    {
        var waiting = _pending.TryGetValue(memberId, out var join);
        resumeFrom = join?.Resume;
        return waiting;
    }

    public bool TryGet(long id, out Member member) => _byId.TryGetValue(id, out member!);

    public void Add(Member member)
    {
        lock (_byId)
        {
            _byId.Add(member.Id, member);
            _all = null;
        }
    }

    public Member? Remove(long id)
    {
        lock (_byId)
        {
            if (!_byId.Remove(id, out var member))
            {
                return null;
            }

            _all = null;
            return member;
        }
    }

    /// <summary>Empties the instance: the members and the joins waiting, which are told why.</summary>
    public Member[] Clear(Exception reason)
    {
        foreach (var id in _pending.Keys)
        {
            TakePending(id)?.Fail(reason);
        }

        lock (_byId)
        {
            var all = _all ?? [.. _byId.Values];
            _byId.Clear();
            _all = [];
            return all;
        }
    }
}

/// <summary>A member whose join is in the log, waiting for the reader to reach it and welcome it.</summary>
internal sealed class PendingJoin(Member member, ResumeRequest? resume)
{
    private readonly TaskCompletionSource<Welcome> _welcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Member Member { get; } = member;

    public ResumeRequest? Resume { get; } = resume;

    public Task<Welcome> Welcomed => _welcome.Task;

    public void Complete(Welcome welcome) => _welcome.TrySetResult(welcome);

    public void Fail(Exception reason) => _welcome.TrySetException(reason);
}

/// <summary>What a reconnecting client last saw: the id it processed and the epoch it got it in.</summary>
internal sealed record ResumeRequest(long Since, string Epoch);
