using ChatRoom.Bench.Echo;

namespace ChatRoom.Bench.Tests;

/// <summary>The echo scenario's command line, as compare.sh writes it.</summary>
public sealed class EchoOptionsTests
{
    [Fact]
    public void Compare_sh_arguments_parse_into_the_scenario()
    {
        var options = EchoOptions.Parse(
            ["--url", "ws://127.0.0.1:5000/echo", "--server-pid", "42", "--json", "--clients", "100", "--size", "4096", "--seconds", "10", "--warmup", "2", "--label", "echo-4k"]);

        Assert.Equal(
            new EchoOptions { Url = new Uri("ws://127.0.0.1:5000/echo"), ServerPid = 42, Json = true, Clients = 100, Size = 4096, Seconds = 10, Warmup = 2, Label = "echo-4k" },
            options);
    }

    [Fact]
    public void Without_arguments_it_is_100_connections_of_32_bytes()
    {
        var options = EchoOptions.Parse([]);

        Assert.Equal((100, 32, 10.0, 2.0, false), (options.Clients, options.Size, options.Seconds, options.Warmup, options.Json));
    }

    [Theory]
    [InlineData("--url", "ws://example.com/echo")]
    [InlineData("--url", "http://127.0.0.1/echo")]
    [InlineData("--clients", "0")]
    [InlineData("--size", "0")]
    [InlineData("--size", "2000000")]
    [InlineData("--seconds", "0")]
    [InlineData("--warmup", "-1")]
    [InlineData("--rate", "10")]
    public void Bad_or_unknown_options_are_refused(string option, string value)
    {
        Assert.Throws<ArgumentException>(() => EchoOptions.Parse([option, value]));
    }

    [Fact]
    public void An_option_without_its_value_is_refused()
    {
        Assert.Throws<ArgumentException>(() => EchoOptions.Parse(["--size"]));
    }
}
