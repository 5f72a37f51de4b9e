using System.Buffers;
using System.Security.Cryptography;

namespace ChatRoom.Log;

/// <summary>Names one run of the room's id sequence: ids from another epoch mean nothing here.</summary>
internal static class RoomEpoch
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly SearchValues<char> Allowed = SearchValues.Create(Alphabet);

    public const int MaxLength = 32;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, 8);

    /// <summary>1–32 of [A-Za-z0-9], as clients must send it back.</summary>
    public static bool IsValid(string? epoch) =>
        epoch is { Length: > 0 and <= MaxLength } && epoch.AsSpan().IndexOfAnyExcept(Allowed) < 0;
}
