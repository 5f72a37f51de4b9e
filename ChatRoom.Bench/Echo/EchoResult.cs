using System.Text.Json.Serialization;
using ChatRoom.Bench.Reporting;

namespace ChatRoom.Bench.Echo;

/// <summary>One echo run: the JSON line compare.sh collects.</summary>
/// <param name="Mismatches">Echoes that differed from what was sent (must be 0).</param>
/// <param name="Failures">Connections that ended before the run did (must be 0), and the first reason.</param>
public sealed record EchoResult(
    string Mode,
    string? Label,
    string Url,
    int Clients,
    int Connected,
    int Size,
    double WindowSeconds,
    long Messages,
    double MessagesPerSecond,
    long Mismatches,
    int Failures,
    string? FirstFailure,
    LatencyResult LatencyMs,
    EchoServerResult? Server,
    double GeneratorCpuPercent);

/// <summary>The server's CPU over the measured window.</summary>
public sealed record EchoServerResult(int Pid, double CpuSeconds, double CpuMicrosPerMessage, double CpuPercent);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EchoResult))]
public sealed partial class EchoJsonContext : JsonSerializerContext;
