using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ChatRoom.Model;
using ChatRoom.Names;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// The room's entries in position order for this instance's one reader: pushed on the channel,
/// and whatever the pushes missed read back from the stream (<see cref="StreamBackfill"/>). A
/// pushed position that skips, a reconnected subscription or a heartbeat showing a newer position
/// is a gap, filled from the stream; only a gap the stream no longer covers, or another epoch, ends
/// the read with a reset.
/// </summary>
internal sealed class RedisLogFeed : IAsyncDisposable
{
    private readonly Channel<FeedSignal> _signals = Channel.CreateUnbounded<FeedSignal>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly RedisConnection _connection;
    private readonly RoomScripts _scripts;
    private readonly StreamBackfill _backfill;
    private readonly LoadedRoom _loaded;
    private readonly PendingAppends _pending;
    private readonly RoomLeaves _leaves;
    private readonly RoomInstance _instance;
    private readonly RedisMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private ChannelMessageQueue? _subscription;

    public RedisLogFeed(
        RedisConnection connection, RoomScripts scripts, LoadedRoom loaded, PendingAppends pending, RoomLeaves leaves,
        RoomInstance instance, RedisMetrics metrics, TimeProvider time, ILogger logger)
    {
        (_connection, _scripts, _loaded, _pending, _leaves, _instance, _metrics, _logger) =
            (connection, scripts, loaded, pending, leaves, instance, metrics, logger);
        _backfill = new StreamBackfill(scripts, time);
        _connection.SubscriptionChanged += OnSubscriptionChanged;
    }

    public void Post(FeedSignal signal) => _signals.Writer.TryWrite(signal);

    /// <summary>Subscribes once, before the first snapshot: nothing published after it is missed.</summary>
    public async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null)
        {
            return;
        }

        await _subscribing.WaitAsync(cancellationToken);
        try
        {
            if (_subscription is null)
            {
                var multiplexer = await _connection.GetAsync(cancellationToken);
                var subscription = await multiplexer.GetSubscriber().SubscribeAsync(_scripts.Keys.Channel);
                subscription.OnMessage(message => Post(new Pushed(message.Message)));
                _subscription = subscription;
            }
        }
        finally
        {
            _subscribing.Release();
        }
    }

    /// <summary>The room is forgotten here: its subscription ends (the shared connection stays).</summary>
    public async ValueTask DisposeAsync()
    {
        _connection.SubscriptionChanged -= OnSubscriptionChanged;
        _signals.Writer.TryComplete();
        if (_subscription is { } subscription)
        {
            try
            {
                await subscription.UnsubscribeAsync();
            }
            catch (Exception exception) when (exception is RedisException or ObjectDisposedException)
            {
                // The connection is gone (or the host is being torn down around it): so is the subscription.
            }
        }

        _subscribing.Dispose();
    }

    private void OnSubscriptionChanged(bool restored)
    {
        if (restored)
        {
            Post(new MaybeMissed());
        }
    }

    public async IAsyncEnumerable<LogEntry> ReadAsync(long afterPosition,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var epoch = _loaded.Epoch ?? throw new RoomLogResetException("the room is not loaded");
        var generation = _loaded.Generation;
        var expected = afterPosition + 1;
        await foreach (var signal in _signals.Reader.ReadAllAsync(cancellationToken))
        {
            long fillTo;
            DecodedEntry? pushed = null;
            switch (signal)
            {
                case Pushed push:
                    pushed = EntryCodec.Decode((byte[])push.Payload!);
                    if (_loaded.IsLeft(pushed.Value.Epoch))
                    {
                        continue;
                    }

                    if (pushed.Value.Epoch != epoch)
                    {
                        throw new RoomLogResetException("the room's epoch changed: Redis lost the room");
                    }

                    fillTo = pushed.Value.Entry.Position - 1;
                    break;
                case Tail tail when tail.Generation != generation || _loaded.IsLeft(tail.Epoch):
                    continue;
                case Tail tail when tail.Epoch != epoch:
                    throw new RoomLogResetException("the room's epoch changed: Redis lost the room");
                case Tail tail:
                    fillTo = tail.Position;
                    break;
                case MaybeMissed:
                    fillTo = long.MaxValue;
                    break;
                case DeclaredDead dead when dead.Generation == generation:
                    RedisLog.RoomReset(_logger, _scripts.Keys.Room, "this instance was declared dead");
                    throw new RoomLogResetException("this instance was declared dead");
                default:
                    continue;
            }

            if (fillTo >= expected)
            {
                var filled = 0;
                await foreach (var entry in _backfill.ReadAsync(epoch, expected, fillTo, cancellationToken))
                {
                    filled++;
                    expected = entry.Entry.Position + 1;
                    yield return Own(entry);
                }

                if (filled > 0)
                {
                    _metrics.GapFilled(filled);
                    RedisLog.GapFilled(_logger, filled, expected - filled - 1);
                }
            }

            if (pushed is { } entryPushed && entryPushed.Entry.Position == expected)
            {
                expected++;
                yield return Own(entryPushed);
            }
        }
    }

    /// <summary>
    /// This instance's entry as its sender should get it: an append given up without an answer
    /// (its sender went away, or was closed with 1012 when Redis stayed silent) that landed after
    /// all is no longer its own message (a message, not an ack), and such a join is followed by a leave.
    /// </summary>
    private LogEntry Own(DecodedEntry decoded)
    {
        var entry = decoded.Entry;
        if (entry.Member is not { } member || member.Instance != _instance.Id
            || !_pending.Observe(decoded.AppendKey, entry.Position))
        {
            return entry;
        }

        switch (entry.Event)
        {
            case ChatMessage:
                return entry with { Member = null };
            case MemberJoined:
                _leaves.Add(member, appendKey: null);
                return entry;
            default:
                return entry;
        }
    }
}
