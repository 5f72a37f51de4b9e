namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// Where redis-server is, and what a Redis test does without it: skips, or fails when
/// <c>CHATROOM_REQUIRE_REDIS=1</c>, as CI sets it.
/// </summary>
public static class RedisInstallation
{
    public const string RequireVariable = "CHATROOM_REQUIRE_REDIS";

    /// <summary>/usr/bin/redis-server (Debian's package); CHATROOM_REDIS_SERVER points elsewhere.</summary>
    public static string ServerPath { get; } =
        Environment.GetEnvironmentVariable("CHATROOM_REDIS_SERVER") is { Length: > 0 } path ? path : "/usr/bin/redis-server";

    public static bool IsInstalled => File.Exists(ServerPath);

    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Skips the test, or fails it when <see cref="IsRequired"/>, unless redis-server is installed.</summary>
    public static void SkipUnlessInstalled()
    {
        if (IsInstalled)
        {
            return;
        }

        var reason = $"Redis tests need redis-server at {ServerPath}: apt-get install -y redis-server";
        if (IsRequired)
        {
            Assert.Fail($"{reason} ({RequireVariable}=1 makes this a failure)");
        }

        Assert.Skip(reason);
    }
}
