using ChatRoom.SignIn;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Tests.Unit;

public sealed class SignInRefusalLogTests
{
    [Fact]
    public void A_refusal_is_logged_once_per_address_per_minute()
    {
        var time = new FakeTimeProvider();
        var logger = new CountingLogger();
        var refusals = new SignInRefusalLog(time, logger);

        refusals.Refused("10.0.0.1", "expired");
        refusals.Refused("10.0.0.1", "expired");
        refusals.Refused("10.0.0.2", "signature");
        time.Advance(SignInRefusalLog.Interval - TimeSpan.FromSeconds(1));
        refusals.Refused("10.0.0.1", "expired");
        time.Advance(TimeSpan.FromSeconds(1));
        refusals.Refused("10.0.0.1", "expired");

        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.1"], logger.Addresses);
    }

    private sealed class CountingLogger : ILogger<SignInRefusalLog>
    {
        public List<string> Addresses { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var values = (IReadOnlyList<KeyValuePair<string, object?>>)state!;
            Addresses.Add((string)values.First(v => v.Key == "RemoteAddress").Value!);
        }
    }
}
