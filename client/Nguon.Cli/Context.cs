using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Nguon.Client;
using Nguon.Model;
using Spectre.Console;

namespace Nguon.Cli;

/// <summary>What a command needs: a client for the chosen server and key, and a way to print.</summary>
public sealed class Context(ParseResult parse, TextWriter output)
{
    public ParseResult Parse => parse;
    public bool AsJson => parse.GetValue<bool>(NguonCli.JsonName);
    public string ServerUrl => parse.GetValue<string>(NguonCli.ServerName)!;
    public string? ApiKey => parse.GetValue<string?>(NguonCli.KeyName);
    public TextWriter Output => output;

    public string? IdempotencyKey => parse.GetValue<string?>(NguonCli.IdempotencyKeyName);

    /// <summary>A client for the server, or for every silo of a cluster when --server lists several
    /// (comma-separated): it fails over between them and retries each write with one idempotency key.</summary>
    public NguonClient Client()
    {
        var servers = ServerUrl.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url =>
            Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var server) && server.Scheme is "http" or "https"
                ? server
                : throw new FormatException($"'{url}' is not an http(s) URL")).ToList();
        if (servers.Count == 0) throw new FormatException("--server names no URL");
        var client = NguonClient.Create(servers, ApiKey);
        // A person waits at the prompt: a few quick retries, then a clear error.
        client.MaxAttempts = 6;
        if (IdempotencyKey is { } key)
        {
            if (!NguonClient.IsValidIdempotencyKey(key))
                throw new FormatException($"--idempotency-key is 1–{NguonClient.MaxIdempotencyKeyLength} printable ASCII characters");
            client.NewIdempotencyKey = () => key;
        }
        return client;
    }

    public T Value<T>(Option<T> option) => parse.GetValue(option)!;
    public T Value<T>(Argument<T> argument) => parse.GetValue(argument)!;

    /// <summary>Prints <paramref name="value"/> as JSON with --json, else through <paramref name="human"/>.</summary>
    public void Print<T>(T value, Action<IAnsiConsole, T> human)
    {
        if (AsJson)
        {
            output.WriteLine(JsonSerializer.Serialize(value, Indented));
            return;
        }
        human(Console(), value);
    }

    public IAnsiConsole Console()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Hashes and trees read better unwrapped; a redirected output has no width of its own.
        console.Profile.Width = 160;
        return console;
    }

    private static readonly JsonSerializerOptions Indented = new(NguonClient.Json) { WriteIndented = true };

    public static string Format(Quantity? q) => q is null ? "" : q.ToString();
    public static string Format(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
    public static string Format(DateTimeOffset? t) => t is { } v ? Format(v) : "";

    /// <summary>An enum value as the API spells it (inTransit, suspended, …).</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}

/// <summary>Parsers for the short forms people type.</summary>
public static class Parse
{
    /// <summary>"1200 kg", "1200kg", "0.5t", "20 box".</summary>
    public static Quantity Quantity(string text)
    {
        var s = text.Trim();
        var split = 0;
        while (split < s.Length && (char.IsAsciiDigit(s[split]) || s[split] is '.' or '-' or '+')) split++;
        if (split == 0 || !decimal.TryParse(s[..split], NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
            throw new FormatException($"'{text}' is not a quantity such as '1200 kg'");
        var unit = s[split..].Trim();
        if (unit.Length == 0) throw new FormatException($"'{text}' has no unit (kg, g, t, box, …)");
        return new Quantity(amount, unit);
    }

    public static DateTimeOffset Time(string? text) =>
        text is null ? DateTimeOffset.Now
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var t) ? t
        : throw new FormatException($"'{text}' is not a time such as 2026-06-10T06:30+07:00");

    /// <summary>"CODE=QTY" → a batch and a quantity.</summary>
    public static QuantityLink Link(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0) throw new FormatException($"'{text}' is not CODE=QUANTITY, e.g. PS-LN26-H-0001=400kg");
        return new QuantityLink(text[..eq], Quantity(text[(eq + 1)..]));
    }

    /// <summary>"CODE=QTY[@GTIN/LOT]" → a split part.</summary>
    public static SplitPart Part(string text)
    {
        var at = text.IndexOf('@');
        var link = Link(at < 0 ? text : text[..at]);
        if (at < 0) return new SplitPart(link.Batch, link.Quantity);
        var label = text[(at + 1)..].Split('/', 2);
        if (label.Length != 2) throw new FormatException($"'{text}': the label is @GTIN/LOT");
        return new SplitPart(link.Batch, link.Quantity, label[0], label[1]);
    }

    /// <summary>"type=value unit", e.g. "urn:nguon:sensor:methyl-bromide-dose=32 g/m3".</summary>
    public static SensorReading Sensor(string text)
    {
        var eq = text.LastIndexOf('=');
        if (eq <= 0) throw new FormatException($"'{text}' is not TYPE=VALUE UNIT");
        var q = Quantity(text[(eq + 1)..]);
        return new SensorReading(text[..eq], q.Amount, q.Unit);
    }

    /// <summary>"sha256[:type[:name]]".</summary>
    public static DocumentRef Document(string text)
    {
        var parts = text.Split(':', 3);
        return new DocumentRef(parts[0], parts.Length > 1 ? parts[1] : null, parts.Length > 2 ? parts[2] : null);
    }

    public static async Task<T> JsonFile<T>(string path)
    {
        var json = path == "-" ? await System.Console.In.ReadToEndAsync() : await File.ReadAllTextAsync(path);
        return JsonSerializer.Deserialize<T>(json, NguonClient.Json) ?? throw new FormatException($"{path} holds no JSON object");
    }
}
