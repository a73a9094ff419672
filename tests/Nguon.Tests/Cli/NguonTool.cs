using System.Diagnostics;
using System.Text.Json;
using Nguon.Cli;

namespace Nguon.Tests.Cli;

/// <summary>One run of `nguon`: its arguments, exit code, standard output and standard error.</summary>
public sealed record CliRun(IReadOnlyList<string> Args, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() =>
        $"nguon {string.Join(' ', Args.Select(a => a.StartsWith("ngn_", StringComparison.Ordinal) ? "ngn_…" : a))} → "
            + $"exit {ExitCode}{Environment.NewLine}" +
        $"--- stdout{Environment.NewLine}{Stdout}--- stderr{Environment.NewLine}{Stderr}";

    /// <summary>Asserts exit 0 with nothing on standard error.</summary>
    public CliRun Ok()
    {
        Assert.True(ExitCode == 0, $"expected exit 0: {this}");
        Assert.True(Stderr.Length == 0, $"expected nothing on stderr: {this}");
        return this;
    }

    /// <summary>Asserts exit 1 (a verification that is not verified) with nothing on standard error.</summary>
    public CliRun NotVerified()
    {
        Assert.True(ExitCode == NguonCli.NotVerified, $"expected exit 1: {this}");
        Assert.True(Stderr.Length == 0, $"expected nothing on stderr: {this}");
        return this;
    }

    /// <summary>Asserts exit 2 with exactly one line on standard error (starting "nguon: ") and nothing on
    /// standard output; returns that line.</summary>
    public string Failed()
    {
        Assert.True(ExitCode == NguonCli.Failed, $"expected exit 2: {this}");
        var lines = Stderr.Split('\n');
        Assert.True(lines.Length == 2 && lines[1].Length == 0 && lines[0].TrimEnd('\r').Length > 0,
            $"expected exactly one line on stderr: {this}");
        Assert.StartsWith("nguon: ", lines[0]);
        Assert.True(Stdout.Length == 0, $"expected nothing on stdout: {this}");
        return lines[0].TrimEnd('\r');
    }

    /// <summary>Asserts a refusal for lack of permission: exit 2, one stderr line saying forbidden / may not.</summary>
    public string Forbidden()
    {
        var line = Failed();
        Assert.True(line.Contains("Forbidden (403)", StringComparison.Ordinal) && line.Contains("may not", StringComparison.Ordinal),
            $"expected a 403 saying who may not do what: {this}");
        return line;
    }

    /// <summary>Standard output parsed as JSON (the run must have printed JSON, e.g. with --json).</summary>
    public JsonElement Json()
    {
        try
        {
            return JsonDocument.Parse(Stdout).RootElement.Clone();
        }
        catch (JsonException e)
        {
            Assert.Fail($"stdout is not JSON ({e.Message}): {this}");
            throw;
        }
    }
}

/// <summary>Runs `nguon` against one server: in-process through <see cref="NguonCli.RunAsync"/> (the default), or
/// as the real tool in its own process (<c>dotnet nguon.dll …</c>).</summary>
public sealed class NguonTool(string server)
{
    public static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    public string Server => server;

    /// <summary>In-process with an explicit --server and, when given, --key.</summary>
    public Task<CliRun> As(string? key, params string[] args) =>
        RunInProcess([.. Globals(server, key), .. args]);

    /// <summary>In-process with no key (public verification and label resolution need none).</summary>
    public Task<CliRun> Anonymous(params string[] args)
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NGUON_KEY")),
            "NGUON_KEY is set in the test process's environment, so `nguon` without --key would still send a key");
        return As(null, args);
    }

    /// <summary>Runs the CLI in this process exactly as Program.cs does, with its own writers.</summary>
    public static async Task<CliRun> RunInProcess(params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        var exit = await NguonCli.RunAsync(args, stdout, stderr, timeout.Token);
        return new CliRun(args, exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The real tool as a separate process: <c>dotnet nguon.dll args</c>. NGUON_SERVER and NGUON_KEY are
    /// removed from its environment unless <paramref name="environment"/> sets them.</summary>
    public static async Task<CliRun> RunProcess(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(ToolPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("NGUON_SERVER");
        info.Environment.Remove("NGUON_KEY");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"`dotnet nguon.dll {string.Join(' ', args)}` did not exit within {ProcessTimeout.TotalSeconds:0} s");
        }
        return new CliRun(args, process.ExitCode, (await stdout).Replace("\r\n", "\n"), (await stderr).Replace("\r\n", "\n"));
    }

    /// <summary>The global options, placed before the command as a user would.</summary>
    public static string[] Globals(string server, string? key) => key is null ? ["--server", server] : ["--server", server, "--key", key];

    /// <summary>nguon.dll next to the tests (the project reference copies it there with its runtimeconfig), or
    /// else the CLI project's own build output for the same configuration.</summary>
    public static string ToolPath { get; } = FindTool();

    private static string FindTool()
    {
        // The tool's own output folder: the copy in this test folder resolves its dependencies against the silo's
        // ASP.NET framework, which the tool's runtimeconfig does not name.
        var here = AppContext.BaseDirectory;
        // …/tests/Nguon.Tests/bin/<Configuration>/net10.0/ → …/client/Nguon.Cli/bin/<Configuration>/net10.0/nguon.dll
        var framework = new DirectoryInfo(here.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var repo = framework.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var built = Path.Combine(repo, "client", "Nguon.Cli", "bin", configuration, framework.Name, "nguon.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException($"nguon.dll is not at {built}: build the CLI first");
    }
}
