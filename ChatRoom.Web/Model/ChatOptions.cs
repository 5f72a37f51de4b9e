using System.ComponentModel.DataAnnotations;

namespace ChatRoom.Model;

/// <summary>
/// The <c>Chat</c> configuration section. docs/configuration-and-limits.md lists the keys and defaults.
/// </summary>
internal sealed class ChatOptions
{
    public const string Section = "Chat";

    [Range(1, 1_000_000)]
    public int MaxMembers { get; set; } = 10_000;

    [Range(1, 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 4096;

    /// <summary>
    /// Frames queued to a member past which it is too slow, if its socket has also stalled for
    /// <see cref="SendTimeout"/>.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SendQueueLimit { get; set; } = 256;

    /// <summary>Bytes queued to a member past which it is too slow, however fast it reads: the memory bound.</summary>
    [Range(64 * 1024, 1024L * 1024 * 1024)]
    public long SendQueueBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long a write to a member's socket may wait, while more than <see cref="SendQueueLimit"/>
    /// frames queue, before it is too slow.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a member's send pump waits, after a frame is queued to an idle socket, before it
    /// writes, so the frames queued meanwhile share the write (Centrifugo's write_delay). 0 writes at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan WriteDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The most a welcome (history, members, resumed events) may take on the wire; what does not
    /// fit is left out (WelcomeBudget).
    /// </summary>
    [Range(64 * 1024, 1024 * 1024 * 1024)]
    public int WelcomeMaxBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Bytes queued (or being written) to all members together past which upgrades get 503: the process's bound.
    /// </summary>
    [Range(1024 * 1024, 1024L * 1024 * 1024 * 1024)]
    public long MaxQueuedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Broadcast events of every kind kept for resume; 0 turns resume off.</summary>
    [Range(0, 1_000_000)]
    public int ResumeWindow { get; set; } = 1000;

    /// <summary>Joins and leaves are broadcast while the room has at most this many members.</summary>
    [Range(0, 1_000_000)]
    public int AnnounceJoinsUpTo { get; set; } = 1000;

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PresenceInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(0, 100_000)]
    public int HistorySize { get; set; } = 100;

    /// <summary>
    /// One decommitting collection when the process is quiet and the collector holds much
    /// spare memory (IdleMemoryTrim).
    /// </summary>
    public bool TrimMemoryWhenIdle { get; set; } = true;

    [Required]
    public RateLimitOptions RateLimit { get; set; } = new();

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public string[] AllowedOrigins { get; set; } = [];

    public string? AccessKey { get; set; }

    public string? AdminKey { get; set; }

    /// <summary>The room of a member that names none; it always exists.</summary>
    [Required]
    public string DefaultRoom { get; set; } = "general";

    /// <summary>When not empty, the only rooms there are (besides the default room): any other is 404.</summary>
    public string[] Rooms { get; set; } = [];

    /// <summary>Rooms open at once, the default room included: a new room past it is refused with 503.</summary>
    [Range(1, 1_000_000)]
    public int MaxRooms { get; set; } = 1000;

    /// <summary>How long a room with no members keeps its history and resume window before it is forgotten.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan EmptyRoomTtl { get; set; } = TimeSpan.FromMinutes(10);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a peer gets to answer our close frame before its socket is aborted.</summary>
    public TimeSpan CloseHandshakeTimeout => ShutdownTimeout / 2;
}

internal sealed class RateLimitOptions
{
    [Range(0.001, 1_000_000_000)]
    public double MessagesPerSecond { get; set; } = 10;

    [Range(1, 1_000_000_000)]
    public int Burst { get; set; } = 20;
}
