using Nguon.Silo.Demo;
using Nguon.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
var options = builder.Configuration.GetSection("Nguon").Get<NguonOptions>() ?? new NguonOptions();
options.Demo |= args.Contains("--demo");

await SchemaMigrator.ApplyAsync(options);
builder.UseOrleans(silo => silo.UseNguonStorage(options));
builder.AddNguonApi();
builder.Services.AddSingleton(options);
builder.Services.AddSingleton<BootstrapAdmin>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<BootstrapAdmin>());
if (options.Demo) builder.Services.AddHostedService<DemoDataLoader>();

var app = builder.Build();
app.MapNguonApi();
await app.RunAsync();

/// <summary>Entry point, visible to tests that host the silo in-process.</summary>
public partial class Program;
