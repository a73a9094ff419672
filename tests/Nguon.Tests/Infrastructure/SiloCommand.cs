using System.Diagnostics;

namespace Nguon.Tests.Infrastructure;

/// <summary>How every test starts a real silo process: the built Nguon.Silo.dll on SQLite in a folder of its own,
/// on the given ports, with an imported admin key, and none of the test host's own URL or Nguon settings.</summary>
public static class SiloCommand
{
    public static ProcessStartInfo For(string directory, (int Http, int Silo, int Gateway) ports, string bootstrapKey,
        params string[] extra)
    {
        var baseDirectory = AppContext.BaseDirectory;
        var dll = Path.Combine(baseDirectory, "Nguon.Silo.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the test project first");
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var arg in new[]
        {
            dll,
            "--contentRoot", baseDirectory,
            "--urls", $"http://127.0.0.1:{ports.Http}",
            $"--Nguon:SqlitePath={Path.Combine(directory, "nguon.db")}",
            $"--Nguon:SiloPort={ports.Silo}",
            $"--Nguon:GatewayPort={ports.Gateway}",
            $"--Nguon:BootstrapKey={bootstrapKey}",
        }.Concat(extra)) info.ArgumentList.Add(arg);
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_URLS" }) info.Environment.Remove(name);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("Nguon__", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(name);
        return info;
    }
}
