using System.Text;
using ChatRoom.Hosting;
using ChatRoom.Log;
using ChatRoom.Members;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Rooms;
using ChatRoom.Tests.Infrastructure;
using ChatRoom.Transport;
using ChatRoom.Wire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Tests.Unit;

/// <summary>
/// The room without sockets or a web host: its services, its reader running, members that are
/// outboxes the test reads directly, and time that moves only when the test says so.
/// </summary>
internal sealed class RoomHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;
    private readonly SettlingRoomLog _log;

    private RoomHarness(ServiceProvider services, IHostedService[] hosted, FakeTimeProvider time)
    {
        Time = time;
        _services = services;
        _hosted = hosted;
        _log = (SettlingRoomLog)services.GetRequiredService<IRoomLog>();
    }

    public FakeTimeProvider Time { get; }

    public Room Room => _services.GetRequiredService<RoomDirectory>().Default.Room;

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public static async Task<RoomHarness> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var services = new ServiceCollection().AddLogging().AddMetrics().AddChatRoom(configuration);
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<InProcessRoomLog>();
        services.AddSingleton<IRoomLog>(sp => new SettlingRoomLog(sp.GetRequiredService<InProcessRoomLog>()));
        var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToArray();
        foreach (var service in hosted)
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
        }

        return new RoomHarness(provider, hosted, time);
    }

    /// <param name="identity">Who it is signed in as; anonymous (from address "test") without.</param>
    public Member NewMember(IWireFormat? format = null, int queueLimit = 8, MemberIdentity? identity = null) =>
        new(Get<RoomInstance>().NextMemberKey(), format ?? WireFormat.PlainText, "test", Time.GetUtcNow(), new Outbox(queueLimit, 1024 * 1024, TimeSpan.FromSeconds(5), Time), TimeSpan.FromSeconds(1), identity);

    public async Task<(Member Member, Welcome Welcome)> JoinAsync(string? name, IWireFormat? format = null, ResumeRequest? resume = null, int queueLimit = 8, MemberIdentity? identity = null)
    {
        var member = NewMember(format, queueLimit, identity);
        var joined = await Room.JoinAsync(member, name, resume, TestContext.Current.CancellationToken);
        Assert.Equal(AppendStatus.Appended, joined.Status);
        return (member, joined.Welcome!);
    }

    public async Task<Member> JoinedAsync(string? name, IWireFormat? format = null, int queueLimit = 8, MemberIdentity? identity = null) =>
        (await JoinAsync(name, format, queueLimit: queueLimit, identity: identity)).Member;

    /// <summary>Every frame queued to the member once the room has applied all that was appended.</summary>
    public async Task<List<string>> DrainAsync(Member member)
    {
        await _log.SettledAsync();
        var frames = new List<string>();
        while (member.Outbox.TryDequeue(out var frame))
        {
            frames.Add(Encoding.UTF8.GetString(frame.Span));
        }

        return frames;
    }

    public Task SettledAsync() => _log.SettledAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
