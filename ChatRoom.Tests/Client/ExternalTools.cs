using System.Diagnostics;

namespace ChatRoom.Tests.Client;

/// <summary>
/// Programs the terminal tests drive (tmux, wscat) and the built CLI. A missing tool skips the test
/// with the command that installs it, except under CI=true, where it fails: CI must run them.
/// </summary>
public static class ExternalTools
{
    public static void Require(string tool, string install)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, tool)));
        if (onPath)
        {
            return;
        }

        var reason = $"{tool} is not installed: {install}";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"{reason} (CI=true makes a missing tool a failure)");
        }

        Assert.Skip(reason);
    }

    /// <summary>The dotnet host that runs this test, so the CLI runs on the same runtime.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>ChatRoom.Cli.dll, built beside this test project in the same configuration.</summary>
    public static string CliDll
    {
        get
        {
            // AppContext.BaseDirectory is .../ChatRoom.Tests/bin/CONFIGURATION/TFM/.
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var root = testBin.Parent!.Parent!.Parent!.Parent!.FullName;
            var dll = Path.Combine(root, "ChatRoom.Cli", "bin", testBin.Parent.Name, testBin.Name, "ChatRoom.Cli.dll");
            Assert.True(File.Exists(dll), $"ChatRoom.Cli is not built at {dll}");
            return dll;
        }
    }

    /// <summary>Runs a program to its end; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }
}
