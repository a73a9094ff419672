using System.CommandLine;
using System.Diagnostics;
using Nguon.Client;
using Nguon.ServiceDefaults;

namespace Nguon.Cli;

/// <summary>The `nguon` command line: every API operation, tables and trees for people, JSON for scripts.
/// Exit codes: 0 done; 1 a verification (or a dossier, or the transparency log) that is not verified, or an EPCIS capture
/// job that failed (its errors printed); 2 any error (one line on standard error).</summary>
public static class NguonCli
{
    public const int NotVerified = 1;
    public const int Failed = 2;

    // Built afresh for every run (options attach to the command tree they are added to); read by name.
    public const string ServerName = "--server";
    public const string KeyName = "--key";
    public const string JsonName = "--json";
    public const string ShowTraceName = "--show-trace";
    public const string IdempotencyKeyName = "--idempotency-key";

    private static readonly ActivitySource Source = new(TelemetryDefaults.ClientSource);

    private static Option<string> Server() => new(ServerName, "-s")
    {
        Description = "Nguon server URL, or several silos of one cluster comma-separated (default: $NGUON_SERVER or http://127.0.0.1:5080)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NGUON_SERVER") is { Length: > 0 } s ? s : "http://127.0.0.1:5080",
    };

    private static Option<string?> Key() => new(KeyName, "-k")
    {
        Description = "API key, ngn_… (default: $NGUON_KEY); verification and label resolution need none",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NGUON_KEY") is { Length: > 0 } k ? k : null,
    };

    private static Option<bool> Json() => new(JsonName)
    {
        Description = "Print JSON for scripts instead of tables",
        Recursive = true,
    };

    public static RootCommand Build(TextWriter output)
    {
        var root = new RootCommand("nguon — trace and verify geographical-indication produce with a Nguon server");
        root.Options.Add(Server());
        root.Options.Add(Key());
        root.Options.Add(Json());
        root.Options.Add(new Option<string?>(IdempotencyKeyName)
        {
            Description = "Idempotency key for the write this command makes: the same command run again with the same key changes nothing "
                + "and prints the first answer (default: a new key per write, reused on its retries)",
            Recursive = true,
        });
        root.Options.Add(new Option<bool>(ShowTraceName)
        {
            Description = "Print the W3C trace id this command's requests carried (to standard error)",
            Recursive = true,
        });
        foreach (var command in OrganisationCommands.Build(output)
                     .Concat(CertificateCommands.Build(output))
                     .Concat(ProductCommands.Build(output))
                     .Concat(FarmCommands.Build(output))
                     .Concat(BatchCommands.Build(output))
                     .Concat(QueryCommands.Build(output))
                     .Concat(ListCommands.Build(output))
                     .Concat(SeasonCommands.Build(output))
                     .Concat(LabelCommands.Build(output))
                     .Concat(DocumentCommands.Build(output))
                     .Concat(DossierCommands.Build(output))
                     .Concat(ExportCommands.Build(output))
                     .Concat(EpcisCommands.Build(output))
                     .Concat(LogCommands.Build(output)))
            root.Subcommands.Add(command);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        var root = Build(output);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await error.WriteLineAsync($"nguon: {parsed.Errors[0].Message} (see nguon --help)");
            return Failed;
        }
        using var tracing = TelemetryDefaults.CreateClientTracerProvider("nguon-cli");
        using var activity = Source.StartActivity("nguon " + string.Join(' ', CommandPath(parsed.CommandResult.Command)));
        if (parsed.GetValue<bool>(ShowTraceName) && activity is not null)
            await error.WriteLineAsync($"trace-id {activity.TraceId}");
        try
        {
            var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        catch (Nguon.Client.Dossiers.JwsException e)
        {
            // A dossier that does not verify is a verdict, not a failure to run: exit 1, one line.
            await error.WriteLineAsync($"nguon: dossier NOT VALID: {e.Message}");
            return NotVerified;
        }
        catch (Nguon.Client.Log.LogVerificationException e)
        {
            // So is a log that does not hold (rewritten, equivocating, badly signed).
            await error.WriteLineAsync($"nguon: log NOT VALID: {e.Message}");
            return NotVerified;
        }
        catch (NguonApiException e)
        {
            await error.WriteLineAsync($"nguon: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"nguon: cannot reach {parsed.GetValue<string>(ServerName)}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"nguon: no answer from {parsed.GetValue<string>(ServerName)} in time");
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or IOException
                                       or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
        {
            await error.WriteLineAsync($"nguon: {e.Message}");
        }
        return Failed;
    }

    private static IEnumerable<string> CommandPath(Command command) =>
        command.Parents.OfType<Command>().Where(p => p is not RootCommand).SelectMany(CommandPath).Append(command.Name);
}
