using Nguon.Silo.Hosting;

var app = await NguonHost.BuildAsync(args);
await app.RunAsync();

/// <summary>Entry point, visible to tests that host the silo in-process.</summary>
public partial class Program;
