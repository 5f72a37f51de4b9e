namespace ChatRoom.Wire;

/// <summary>
/// Keeps a welcome within <c>Chat:WelcomeMaxBytes</c>, counted as the payload bytes of its frames in
/// the member's format: a few bytes of request never cost megabytes of reply. What does not fit is
/// left out, oldest first: the newest history that fits. A resume whose missed events do not all
/// fit is answered as no resume (<c>resumed:false</c>), with the usual history that fits, since a
/// resume with a gap would break its promise.
/// </summary>
internal static class WelcomeBudget
{
    /// <summary>
    /// The welcome's frames, fitted: one JSON frame, or the plain history lines then the welcome line.
    /// </summary>
    public static ReadOnlyMemory<byte>[] Encode(Welcome welcome, IWireFormat format, int maxBytes)
    {
        // Without history there is nothing to leave out: encoded once, not sized first and encoded
        // again (every joiner of a new or quiet room). With history it is sized before it is encoded,
        // so a resume far over the budget is never built whole.
        return welcome.History.Count == 0
            ? Frames(welcome, format)
            : Frames(Fit(welcome, format, maxBytes), format);
    }

    public static Welcome Fit(Welcome welcome, IWireFormat format, int maxBytes)
    {
        var envelope = EnvelopeBytes(welcome, format);
        var kept = Fitting(welcome, format, envelope, maxBytes);
        if (kept == welcome.History.Count)
        {
            return welcome;
        }

        if (welcome.Resumed == true)
        {
            var notResumed = welcome with { History = welcome.UsualHistory, Resumed = false, UsualHistory = [] };
            return Fit(notResumed, format, maxBytes);
        }

        return welcome with { History = welcome.History.Skip(welcome.History.Count - kept).ToArray() };
    }

    /// <summary>How many of the newest history entries fit beside the rest of the welcome.</summary>
    private static int Fitting(Welcome welcome, IWireFormat format, long envelope, int maxBytes)
    {
        var history = welcome.History;
        var size = envelope;
        for (var kept = 0; kept < history.Count; kept++)
        {
            size += history[history.Count - 1 - kept].For(format).Length
                + format.WelcomeEntryOverhead(kept, welcome.Resumed == true);

            if (size > maxBytes)
            {
                return kept;
            }
        }

        return history.Count;
    }

    /// <summary>The welcome's bytes without its history.</summary>
    private static long EnvelopeBytes(Welcome welcome, IWireFormat format)
    {
        var empty = welcome with { History = [] };
        return format.EncodeWelcome(empty).Sum(frame => (long)frame.Length);
    }

    private static ReadOnlyMemory<byte>[] Frames(Welcome welcome, IWireFormat format) =>
        [.. format.EncodeWelcome(welcome).Select(frame => (ReadOnlyMemory<byte>)frame)];
}
