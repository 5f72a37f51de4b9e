using System.Diagnostics;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Docs;

/// <summary>
/// docs/identity.md's walkthrough, as a developer runs it: <c>dotnet user-jwts create</c> against
/// the project, then the server in Development with what it wrote, then a member joining with the
/// token. On a copy of the project with a home folder of its own, so neither the repository nor
/// anyone's user secrets change.
/// </summary>
public sealed class UserJwtsWalkthroughTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("chatroom-user-jwts-");

    [Fact]
    public async Task A_token_from_dotnet_user_jwts_signs_a_member_in_on_the_server_run_in_development()
    {
        var home = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "home")).FullName;
        var project = CopyProject();

        var token = await UserJwtsAsync(home, ["create", "--project", "ChatRoom.Web", "--name", "alice", "--role", "moderator",
            "--output", "token"]);
        await using var server = await ServerProcess.StartWithEnvironmentAsync(
            new Dictionary<string, string> { ["HOME"] = home },
            "--environment", "Development", "--contentRoot", project);
        await using var alice = await TestMember.ConnectAsync(
            new Uri($"ws://{server.BaseAddress.Authority}/ws?name=mallory&access_token={token}"), json: true);
        var welcome = await alice.ReceiveJsonUntilAsync("welcome");

        Assert.StartsWith("eyJ", token, StringComparison.Ordinal);
        Assert.Equal("alice", welcome.GetProperty("you").GetString());
        Assert.True(welcome.GetProperty("verified").GetBoolean());
    }

    public void Dispose() => _scratch.Delete(recursive: true);

    /// <summary>What user-jwts reads (the project, its launch profile and settings) and what the build reads with it.</summary>
    private string CopyProject()
    {
        var repository = Path.Combine(_scratch.FullName, "repo");
        var project = Directory.CreateDirectory(Path.Combine(repository, "ChatRoom.Web", "Properties")).Parent!.FullName;
        foreach (var file in (string[])["Directory.Build.props", "Directory.Packages.props", "global.json"])
        {
            File.Copy(Path.Combine(MarkdownDocs.Root, file), Path.Combine(repository, file));
        }

        foreach (var file in (string[])["ChatRoom.Web.csproj", "appsettings.json", "appsettings.Development.json",
            Path.Combine("Properties", "launchSettings.json")])
        {
            File.Copy(Path.Combine(MarkdownDocs.Root, "ChatRoom.Web", file), Path.Combine(project, file));
        }

        return project;
    }

    private async Task<string> UserJwtsAsync(string home, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(_scratch.FullName, "repo"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("user-jwts");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The user secrets go under this HOME; the SDK's own first-run state stays where it was.
        start.Environment["DOTNET_CLI_HOME"] = Environment.GetEnvironmentVariable("DOTNET_CLI_HOME")
            ?? Environment.GetEnvironmentVariable("HOME") ?? home;
        start.Environment["HOME"] = home;
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"dotnet user-jwts failed ({process.ExitCode}): {await output}{await error}");
        return (await output).Trim();
    }
}
