using System.Collections.Concurrent;
using ChatRoom.Diagnostics;

namespace ChatRoom.SignIn;

/// <summary>
/// Logs a refused sign-in at most once per address per <see cref="Interval"/>: a client retrying an
/// expired token every second, or someone trying tokens, must not fill the log. Every refusal is
/// still counted (<see cref="ChatMetrics.SignInRefused"/>).
/// </summary>
internal sealed class SignInRefusalLog(TimeProvider time, ILogger<SignInRefusalLog> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>Addresses remembered at most: past it the old ones are forgotten, so memory stays bounded.</summary>
    private const int MaxAddresses = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastLogged = new(StringComparer.Ordinal);

    public void Refused(string remoteAddress, string reason)
    {
        var now = time.GetUtcNow();
        var logged = false;
        _lastLogged.AddOrUpdate(
            remoteAddress,
            _ =>
            {
                logged = true;
                return now;
            },
            (_, last) =>
            {
                logged = now - last >= Interval;
                return logged ? now : last;
            });
        if (logged)
        {
            ChatLog.SignInRefused(logger, remoteAddress, reason);
        }

        if (_lastLogged.Count > MaxAddresses)
        {
            foreach (var (address, last) in _lastLogged)
            {
                if (now - last >= Interval)
                {
                    _lastLogged.TryRemove(address, out _);
                }
            }
        }
    }
}
