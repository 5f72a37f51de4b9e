using System.Text.Json;
using System.Text.RegularExpressions;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Docs;

/// <summary>
/// The first thing a newcomer reads: <c>dotnet run --project ChatRoom.Web</c>, as README.md says,
/// starts without a warning, and serves port 8080 there, in the image and behind compose's nginx.
/// </summary>
public sealed partial class FirstStartTests
{
    [Fact]
    public async Task Dotnet_run_as_the_README_says_logs_no_warning_while_it_starts()
    {
        await using var server = await ServerProcess.DotnetRunAsync();

        // The last start-up lines, the host's and then the app's own (both once started): whatever
        // the start logs is in the output by then.
        await server.WaitForOutputAsync("Content root path:");
        await server.WaitForOutputAsync("Open-file limit");
        var output = server.Output.ToList();
        Assert.Contains(output, line => line.Contains("Now listening on: " + server.BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));
        Assert.Contains(output, line => line.Contains("Hosting environment: Development", StringComparison.Ordinal));
        Assert.True(!output.Any(WarningRegex().IsMatch), "the first start warns:\n" + string.Join('\n', output));
    }

    [Fact]
    public async Task A_first_start_with_an_empty_home_makes_no_data_protection_keys_and_warns_of_none()
    {
        // A container's first start: no key store. Sign-in registers authentication, which brings
        // data protection; nothing here protects data, so no key ring may be made (and warned of).
        var home = Directory.CreateTempSubdirectory("chatroom-home-");
        try
        {
            await using var server = await ServerProcess.StartWithEnvironmentAsync(
                new Dictionary<string, string> { ["HOME"] = home.FullName });
            await server.WaitForOutputAsync("Open-file limit");
            var output = server.Output.ToList();
            Assert.DoesNotContain(output, line => DataProtectionRegex().IsMatch(line));
            Assert.False(Directory.Exists(Path.Combine(home.FullName, ".aspnet")), "a data protection key ring was made");
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    [Fact]
    public void Port_8080_is_the_default_for_dotnet_run_the_image_and_compose()
    {
        using var launch = JsonDocument.Parse(MarkdownDocs.Read("ChatRoom.Web/Properties/launchSettings.json"));
        Assert.Equal("http://localhost:8080", launch.RootElement.GetProperty("profiles").GetProperty("ChatRoom.Web").GetProperty("applicationUrl").GetString());
        Assert.Contains("\nENV ASPNETCORE_HTTP_PORTS=8080\n", MarkdownDocs.Read("Dockerfile"), StringComparison.Ordinal);
        Assert.Contains("server chatroom-a:8080;", MarkdownDocs.Read("deploy/nginx.conf"), StringComparison.Ordinal);
    }

    /// <summary>Serilog's <c>[12:00:00 WRN]</c>, the plain console logger's <c>warn:</c>, or a "warning" in any words.</summary>
    [GeneratedRegex(@"\bWRN\b|\bwarn:|warning", RegexOptions.IgnoreCase)]
    private static partial Regex WarningRegex();

    [GeneratedRegex(@"XML encryptor|key repository|in-memory repository", RegexOptions.IgnoreCase)]
    private static partial Regex DataProtectionRegex();
}
