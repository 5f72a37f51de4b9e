using System.Text.Json;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>Settings for ChatRoom instances sharing one <see cref="RedisServer"/>, and helpers to read their members' transcripts.</summary>
public static class RedisInstances
{
    /// <summary>A short timeout, so a dead instance's members are announced within seconds.</summary>
    public static Dictionary<string, string?> Settings(RedisServer redis, string instanceTimeout = "00:00:03", Dictionary<string, string?>? extra = null) =>
        Settings(redis.ConnectionString, instanceTimeout, extra);

    /// <summary><see cref="Settings(RedisServer, string, Dictionary{string, string?}?)"/> for any connection string, e.g. a <see cref="RedisCluster"/>'s.</summary>
    public static Dictionary<string, string?> Settings(string configuration, string instanceTimeout = "00:00:03", Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = configuration,
            ["Redis:InstanceTimeout"] = instanceTimeout,
            ["Chat:RateLimit:MessagesPerSecond"] = "100000",
            ["Chat:RateLimit:Burst"] = "100000",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Starts two in-process instances on Kestrel sharing <paramref name="redis"/>, and returns once both are ready.</summary>
    public static Task<(ChatServer A, ChatServer B)> StartTwoAsync(RedisServer redis, string instanceTimeout = "00:00:03", Dictionary<string, string?>? extra = null) =>
        StartTwoAsync(redis.ConnectionString, instanceTimeout, extra);

    /// <summary>Two in-process instances on Kestrel sharing the Redis (or Redis Cluster) at <paramref name="configuration"/>.</summary>
    public static async Task<(ChatServer A, ChatServer B)> StartTwoAsync(string configuration, string instanceTimeout = "00:00:03", Dictionary<string, string?>? extra = null)
    {
        var a = ChatServer.OnKestrel(Settings(configuration, instanceTimeout, extra));
        var b = ChatServer.OnKestrel(Settings(configuration, instanceTimeout, extra));
        try
        {
            await Task.WhenAll(a.WaitUntilReadyAsync(RawSocket.HangGuard), b.WaitUntilReadyAsync(RawSocket.HangGuard));
        }
        catch
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
            throw;
        }

        return (a, b);
    }

    /// <summary>The command-line form of <see cref="Settings"/>, for a <see cref="ServerProcess"/>.</summary>
    public static string[] Arguments(RedisServer redis, string instanceTimeout = "00:00:03") =>
        Arguments(redis.ConnectionString, instanceTimeout);

    public static string[] Arguments(string configuration, string instanceTimeout = "00:00:03") =>
        [.. Settings(configuration, instanceTimeout).Select(pair => $"--{pair.Key}={pair.Value}")];

    /// <summary>The room event id a JSON frame carries (events and acks), or null for a reply to one member.</summary>
    public static long? IdOf(JsonElement frame) =>
        frame.TryGetProperty("id", out var id) ? id.GetInt64() : null;

    public static string TypeOf(JsonElement frame) => frame.GetProperty("type").GetString()!;
}
