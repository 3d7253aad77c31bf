using Kyoten.Controller.Api;
using Kyoten.Controller.Hosting;
using Kyoten.Controller.Identity;

var builder = WebApplication.CreateBuilder(args);
if (args.Contains(MigrateCommand.Name) || args.Contains(ApiTokenCommand.Name))
{
    // Commands print their result on standard output; logs go to standard error.
    builder.Logging.ClearProviders();
    builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
}

builder.AddKyotenOptions();
builder.AddKyotenDatabase();
builder.AddKyotenIdentity();
builder.AddKyotenDashboard();
builder.AddKyotenAgents();
builder.AddKyotenApi();

var app = builder.Build();

if (args.Contains(MigrateCommand.Name))
{
    return await MigrateCommand.RunAsync(app).ConfigureAwait(false);
}

if (args.Contains(ApiTokenCommand.Name))
{
    return await ApiTokenCommand.RunAsync(app, args).ConfigureAwait(false);
}

await app.PrepareDatabaseAsync().ConfigureAwait(false);
app.UseKyotenPipeline();
app.MapKyotenHealth();
app.MapKyotenAccount();
app.MapKyotenApi();
app.MapKyotenAgents();
app.MapKyotenDashboard();
await app.RunAsync().ConfigureAwait(false);
return 0;

/// <summary>Entry point; public so WebApplicationFactory can find it.</summary>
public partial class Program;
