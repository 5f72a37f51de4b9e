using System.ComponentModel.DataAnnotations;

namespace ChatRoom.Chat;

/// <summary>The <c>Chat</c> configuration section. DESIGN.md lists the keys and defaults.</summary>
public sealed class ChatOptions
{
    public const string Section = "Chat";

    [Range(1, 1_000_000)]
    public int MaxMembers { get; set; } = 10_000;

    [Range(1, 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 4096;

    [Range(1, 1_000_000)]
    public int SendQueueLimit { get; set; } = 256;

    [Range(0, 100_000)]
    public int HistorySize { get; set; } = 100;

    [Required]
    public RateLimitOptions RateLimit { get; set; } = new();

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public string[] AllowedOrigins { get; set; } = [];

    public string? AccessKey { get; set; }

    public string? AdminKey { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a peer gets to answer our close frame before its socket is aborted.</summary>
    public TimeSpan CloseHandshakeTimeout => ShutdownTimeout / 2;
}

public sealed class RateLimitOptions
{
    [Range(0.001, 1_000_000_000)]
    public double MessagesPerSecond { get; set; } = 10;

    [Range(1, 1_000_000_000)]
    public int Burst { get; set; } = 20;
}
