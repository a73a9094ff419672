using Microsoft.Extensions.Options;
using Nguon.Silo.Hosting;

try
{
    var app = await NguonHost.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
// A wrong setting is one line on stderr and exit code 2, not a stack trace (ValidateOnStart's exception covers
// settings added after the early read).
catch (Exception e) when (e is SettingsException or OptionsValidationException)
{
    Console.Error.WriteLine(e is OptionsValidationException invalid ? SettingsBinder.OneLine(invalid.Failures) : e.Message);
    return NguonHost.BadSettingExitCode;
}

/// <summary>Entry point, visible to tests that host the silo in-process.</summary>
public partial class Program;
