using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// This instance's heartbeat: one script (Scripts/beat.lua) in the deployment's own slot, however
/// many rooms the instance has. It records the beat, declares dead the instances silent for longer
/// than <see cref="RedisOptions.InstanceTimeout"/>, and answers this instance's incarnation: a new
/// one when it finds itself declared dead, and then every room here resets (its members get 1012
/// and resume) and loads again under the new incarnation.
/// </summary>
internal sealed class InstanceBeat(
    RedisConnection connection,
    DeploymentKeys keys,
    RoomInstance instance,
    InstanceIncarnation incarnation,
    OpenRedisRooms rooms,
    RedisRoomRules rules,
    RedisReach reach,
    IOptions<RedisOptions> options,
    ILogger<InstanceBeat> logger) : IDisposable
{
    /// <summary>What a joiner hears when the deployment holds <c>Chat:MaxRooms</c> rooms already.</summary>
    public const string TooManyRooms = "too many rooms are open, try again later";

    private readonly SemaphoreSlim _beating = new(1, 1);

    public string InstanceId => instance.Id;

    /// <summary>
    /// Opens <paramref name="room"/> in the deployment's registry (within <c>Chat:MaxRooms</c>) and
    /// among this instance's rooms (where a survivor reaps it), and answers the incarnation to
    /// register there, beating first when this instance never has.
    /// </summary>
    /// <exception cref="RedisException">The deployment's slot did not answer.</exception>
    /// <exception cref="RoomRefusedException">The deployment holds as many rooms as it may.</exception>
    /// <param name="room">The room's name.</param>
    /// <param name="opening">This opening of the room here (<see cref="OpenRedisRooms.NextOpening"/>).</param>
    public async Task<string> EnterAsync(string room, long opening, CancellationToken cancellationToken)
    {
        var current = incarnation.Current ?? (await BeatAsync(stop: false, cancellationToken)).Incarnation;
        var answer = (string?)await connection.EvaluateAsync("enter", RedisScripts.Enter, keys.All,
            [instance.Id, room, rules.MaxRooms, opening], cancellationToken);
        return answer == "full" ? throw new RoomRefusedException(TooManyRooms) : current;
    }

    /// <summary>
    /// One beat (or, with <paramref name="stop"/>, this incarnation declared dead by itself: a clean
    /// stop); answers this instance's incarnation and every incarnation still to reap.
    /// </summary>
    /// <exception cref="RedisException">The deployment's slot did not answer: nobody is judged.</exception>
    public async Task<Beat> BeatAsync(bool stop, CancellationToken cancellationToken)
    {
        await _beating.WaitAsync(cancellationToken);
        try
        {
            List<RedisValue> arguments =
            [
                instance.Id, incarnation.Current ?? "", (long)options.Value.InstanceTimeout.TotalMilliseconds,
                stop ? "stop" : "beat",
            ];
            foreach (var room in rooms.All.Where(room => room.IsLoaded))
            {
                arguments.AddRange([room.Room, room.Online]);
            }

            RedisResult[] answer;
            try
            {
                answer = (RedisResult[])(await connection.EvaluateAsync("heartbeat", RedisScripts.Beat, keys.All,
                    [.. arguments], cancellationToken))!;
            }
            catch (RedisException)
            {
                reach.Failed();
                throw;
            }

            reach.Answered();
            var mine = (string)answer[0]!;
            var dead = ((RedisResult[])answer[1]!).Select(value => (string)value!).ToArray();
            if (!stop && incarnation.Set(mine))
            {
                RedisLog.DeclaredDead(logger, mine);
                foreach (var room in rooms.All)
                {
                    room.Reincarnated(mine);
                }
            }

            return new Beat(mine, dead);
        }
        finally
        {
            _beating.Release();
        }
    }

    public void Dispose() => _beating.Dispose();
}

/// <summary>A heartbeat's answer: this instance's incarnation, and the dead ones (<c>instance:incarnation</c>) to reap.</summary>
internal sealed record Beat(string Incarnation, string[] Dead);
