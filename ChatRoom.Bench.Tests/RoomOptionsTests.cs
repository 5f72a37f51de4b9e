using ChatRoom.Bench.Cli;

namespace ChatRoom.Bench.Tests;

/// <summary>The rooms scenario's command line, as compare.sh writes it.</summary>
public sealed class RoomOptionsTests
{
    [Fact]
    public void Compare_sh_rooms_arguments_parse_into_the_scenario()
    {
        var options = OptionsParser.Parse(
            ["--url", "ws://127.0.0.1:5000/ws", "--clients", "10000", "--senders", "1000", "--rate", "11.1", "--rooms", "1000", "--room-prefix", "bench.r"]);

        Assert.Equal((10000, 1000, 11.1, 1000, "bench.r"), (options.Clients, options.Senders, options.Rate, options.Rooms, options.RoomPrefix));
    }

    [Fact]
    public void Without_rooms_members_name_no_room()
    {
        var options = OptionsParser.Parse([]);

        Assert.Equal((0, "r"), (options.Rooms, options.RoomPrefix));
    }

    [Theory]
    [InlineData("--rooms", "-1")]
    [InlineData("--rooms", "2000000")]
    [InlineData("--room-prefix", "")]
    [InlineData("--room-prefix", "Upper")]
    [InlineData("--room-prefix", "has space")]
    [InlineData("--room-prefix", "a-name-longer-than-24-chars")]
    public void Bad_room_options_are_refused(string option, string value)
    {
        Assert.Throws<ArgumentException>(() => OptionsParser.Parse([option, value]));
    }
}
