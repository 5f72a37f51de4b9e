namespace ChatRoom.Transport;

/// <summary>A member's socket as the send pump sees it: it takes whole text frames.</summary>
internal interface IFrameWriter
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);

    /// <summary>Writes the frames in order, in one write to the socket where the transport can.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<ReadOnlyMemory<byte>> frames, CancellationToken cancellationToken);
}
