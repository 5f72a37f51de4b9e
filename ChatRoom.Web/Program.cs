using ChatRoom.Endpoints;
using ChatRoom.Hosting;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

builder.AddChatLogging();
builder.Services.AddChatRoom(builder.Configuration);

var app = builder.Build();

app.UseSerilogRequestLogging();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseWebSockets();

app.MapHealth();
app.MapRoomApi();
app.MapChatSocket();
app.CloseRoomOnShutdown();

return await app.RunCheckedAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
