using System.Runtime.InteropServices;
using System.Text.Json;
using ChatRoom.Bench;
using ChatRoom.Bench.Charts;
using ChatRoom.Bench.Cli;
using ChatRoom.Bench.Reporting;

// Run receive continuations on the socket engine threads instead of hopping to the thread pool:
// about 40 % less generator CPU per delivery, measured. Two engine threads so both cores can read.
// Both are read when the first socket is created; an explicit environment setting wins.
SetDefault("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
SetDefault("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", "2");

// compare.sh's last step: charts of a results folder, no load.
if (args.Length > 0 && args[0] == "chart")
{
    return ComparisonCharts.Run(args);
}

// The echo scenario: its own closed loop against an echo server.
if (args.Length > 0 && args[0] == "echo")
{
    using var stopEcho = new CancellationTokenSource(TimeSpan.FromHours(2));
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stopEcho.Cancel();
    };
    return await ChatRoom.Bench.Echo.EchoRunner.RunAsync(args, stopEcho.Token);
}

BenchOptions options;
try
{
    if (args.Length == 0 || args[0] is "-h" or "--help")
    {
        Console.WriteLine(OptionsParser.Usage);
        return args.Length == 0 ? 2 : 0;
    }

    options = OptionsParser.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or UriFormatException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(OptionsParser.Usage);
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

// `timeout` and scripts stop the generator with SIGTERM: end the run the same way as Ctrl+C, members closed.
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cts.Cancel();
});

// A hard ceiling on the whole run, whatever the server does.
var budget = TimeSpan.FromSeconds(options.Warmup + options.Seconds + options.Hold + options.Drain + options.SettleMax + 600);
cts.CancelAfter(budget);

BenchResult result;
try
{
    result = await new BenchRunner(options).RunAsync(cts.Token);
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled (Ctrl+C, SIGTERM or the run's time limit); no result");
    return 130;
}

TableWriter.Write(result, options.Json ? Console.Error : Console.Out);
if (options.Json)
{
    Console.Out.WriteLine(JsonSerializer.Serialize(result, BenchJsonContext.Default.BenchResult));
}

return result.Connect.Connected == 0 ? 1 : 0;

static void SetDefault(string name, string value)
{
    if (Environment.GetEnvironmentVariable(name) is null)
    {
        Environment.SetEnvironmentVariable(name, value);
    }
}
