using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// Reads back from the room's stream what the pushes missed, a page at a time, for
/// <see cref="RedisLogFeed"/>: how a gap is read (the read script, its paging, waiting out Redis)
/// is apart from when there is one, which is all the feed decides. An entry the stream no longer
/// holds, or another epoch, is a <see cref="RoomLogResetException"/>.
/// </summary>
internal sealed class StreamBackfill(RoomScripts scripts, TimeProvider time)
{
    private const int PageSize = 500;
    private static readonly TimeSpan FillRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Entries from <paramref name="from"/> up to <paramref name="to"/> (or the newest), retried
    /// while Redis is unreachable: the reader waits for the room rather than skip a part of it.
    /// </summary>
    public async IAsyncEnumerable<DecodedEntry> ReadAsync(string epoch, long from, long to,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (from <= to)
        {
            RedisResult[] page;
            try
            {
                page = (RedisResult[])(await scripts.EvaluateAsync("read", RedisScripts.Read, [from, PageSize],
                    cancellationToken))!;
            }
            catch (RedisException)
            {
                await Task.Delay(FillRetryDelay, time, cancellationToken);
                continue;
            }

            if ((string?)page[0] != epoch)
            {
                throw new RoomLogResetException("the room's epoch changed: Redis lost the room");
            }

            var newest = (long)page[1];
            var payloads = (RedisResult[])page[2]!;
            if (newest < from)
            {
                yield break;
            }

            if (payloads.Length == 0)
            {
                throw new RoomLogResetException($"entries from position {from} are no longer in the stream");
            }

            foreach (var payload in payloads)
            {
                var decoded = EntryCodec.Decode((byte[])payload!);
                if (decoded.Entry.Position != from)
                {
                    throw new RoomLogResetException(
                        $"entry {from} is no longer in the stream (found {decoded.Entry.Position})");
                }

                from++;
                yield return decoded;
                if (from > to)
                {
                    yield break;
                }
            }
        }
    }
}
