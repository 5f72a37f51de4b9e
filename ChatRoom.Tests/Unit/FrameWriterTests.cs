using ChatRoom.Transport;

namespace ChatRoom.Tests.Unit;

public sealed class FrameWriterTests
{
    [Theory]
    [InlineData(0, new byte[] { 0x81, 0 })]
    [InlineData(125, new byte[] { 0x81, 125 })]
    [InlineData(126, new byte[] { 0x81, 126, 0, 126 })]
    [InlineData(65535, new byte[] { 0x81, 126, 0xFF, 0xFF })]
    [InlineData(65536, new byte[] { 0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0 })]
    public void Frames_are_final_unmasked_text_with_the_shortest_length_encoding(int length, byte[] header)
    {
        var payload = new byte[length];
        Array.Fill(payload, (byte)'x');
        var buffer = new byte[length + 10];

        var written = FrameWriter.WriteFrame(buffer, payload);

        Assert.Equal(header.Length + length, written);
        Assert.Equal(header, buffer[..header.Length]);
        Assert.Equal(payload, buffer[header.Length..written]);
    }
}
