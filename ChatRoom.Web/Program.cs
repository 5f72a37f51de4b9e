using ChatRoom.Endpoints;
using ChatRoom.Hosting;
using ChatRoom.Hosting.Limits;
using ChatRoom.SignIn;
using ChatRoom.Transport;

// The container HEALTHCHECK runs the app as its own probe (no curl in the aspnet images).
if (args is [HealthCheckCommand.Switch, ..]) return await HealthCheckCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);

builder.ListenOnDefaultPortUnlessTold();
builder.AddChatLogging();
builder.Services.AddChatRoom(builder.Configuration);
builder.Services.AddChatSignIn();
builder.Services.AddConnectionLimits();
builder.Services.AddChatTelemetry();
builder.Services.AddChatPage();

var app = builder.Build();

app.UseTrustedProxies();
app.UseConnectionLimits();
app.UseChatRequestLogging();
app.UseSecurityHeaders();
app.UseChatPage();
app.UseSharedWriteUpgrades(ChatSocketEndpoint.Path);
app.UseSharedWriteUpgrades(EchoEndpoint.Path);
app.UseWebSockets();

app.MapHealth();
app.MapMetrics();
app.MapRoomApi();
app.MapChatSocket();
app.MapEcho();
app.CloseRoomOnShutdown();

return await app.RunCheckedAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
