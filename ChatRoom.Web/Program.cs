if (args is [ChatRoom.Hosting.HealthCheckCommand.Switch, ..]) { Environment.ExitCode = await ChatRoom.Hosting.HealthCheckCommand.RunAsync(args); return; }

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.Run();

public partial class Program;
