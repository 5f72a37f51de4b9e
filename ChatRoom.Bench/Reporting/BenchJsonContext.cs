using System.Text.Json.Serialization;

namespace ChatRoom.Bench.Reporting;

/// <summary>Source-generated serialiser: no reflection, and the JSON shape is fixed at build time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(BenchResult))]
public sealed partial class BenchJsonContext : JsonSerializerContext;
