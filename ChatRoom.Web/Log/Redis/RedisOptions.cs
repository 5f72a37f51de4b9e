using System.ComponentModel.DataAnnotations;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// The <c>Redis</c> configuration section. docs/configuration-and-limits.md lists the keys and defaults.
/// </summary>
internal sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis connection string; unset, the room lives in this process.</summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// The key prefix, inside hash tags: a room's keys under <c>{chatroom:ROOM}</c> (one Cluster slot
    /// per room), the deployment's heartbeats and list of rooms under <c>{chatroom}</c>.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.:-]{1,64}$", ErrorMessage = "Redis:Room must be 1-64 of A-Z a-z 0-9 _ . : -")]
    public string Room { get; set; } = "chatroom";

    /// <summary>An instance silent this long is dead; it beats every third of it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan InstanceTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Configuration);

    public TimeSpan HeartbeatInterval => InstanceTimeout / 3;

    /// <summary>
    /// Entries the stream keeps: the resume window, and a reserve for a reader that fell behind
    /// (an outage, a slow instance) to fill its gap from before it must start again.
    /// </summary>
    public static int StreamLength(int resumeWindow) => resumeWindow + 10_000;

    /// <summary>
    /// Whether <see cref="Configuration"/> parses; a wrong one stops the server at start-up, naming the key.
    /// </summary>
    public static bool IsValidConfiguration(string? configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return true;
        }

        try
        {
            return ConfigurationOptions.Parse(configuration).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
