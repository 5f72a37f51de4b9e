using ChatRoom.Hosting;

namespace ChatRoom.Tests.Unit;

public sealed class SocketCompletionsTests
{
    [Fact]
    public void Unset_runs_completions_inline()
    {
        Assert.Equal("1", SocketCompletions.Choose(null));
        Assert.Equal("1", SocketCompletions.Choose(""));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    public void An_operators_value_stands(string configured) =>
        Assert.Equal(configured, SocketCompletions.Choose(configured));

    [Fact]
    public void This_test_process_runs_as_the_server_does() =>
        Assert.Equal("1", Environment.GetEnvironmentVariable(SocketCompletions.Variable));
}
