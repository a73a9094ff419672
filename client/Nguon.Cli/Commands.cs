using System.CommandLine;

namespace Nguon.Cli;

/// <summary>Small helpers to declare commands tersely.</summary>
internal static class Commands
{
    public static Command Make(string name, string description, TextWriter output, Func<Context, CancellationToken, Task<int>> action,
        params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            if (symbol is Argument argument) command.Arguments.Add(argument);
            else if (symbol is Option option) command.Options.Add(option);
        }
        command.SetAction((parse, ct) => action(new Context(parse, output), ct));
        return command;
    }

    public static Command Group(string name, string description, params Command[] children)
    {
        var group = new Command(name, description);
        foreach (var child in children) group.Subcommands.Add(child);
        return group;
    }

    public static Argument<string> Arg(string name, string description) => new(name) { Description = description };

    public static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    public static Option<string?> Optional(string name, string description) => new(name) { Description = description };

    public static Option<string[]> Many(string name, string description, bool required = false) =>
        new(name) { Description = description, Required = required, AllowMultipleArgumentsPerToken = false };

    public static Option<string?> At()
        => new("--at") { Description = "event time with its offset, e.g. 2026-06-10T06:30+07:00 (default: now)" };
}
