using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatRoom.Endpoints;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RoomSummary))]
[JsonSerializable(typeof(RoomsSummary))]
[JsonSerializable(typeof(NoticeRequest))]
[JsonSerializable(typeof(ModerationRequest))]
internal sealed partial class RoomApiJson : JsonSerializerContext;
