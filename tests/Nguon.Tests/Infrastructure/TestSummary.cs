namespace Nguon.Tests.Infrastructure;

/// <summary>Figures a test reports (e.g. the fault test's counts) written where tests/run.sh prints them after
/// the run: the console logger hides passed tests' output.</summary>
public static class TestSummary
{
    public const string Variable = "NGUON_TEST_RESULTS";

    public static void Write(string name, string text)
    {
        var directory = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } d ? d
            : Path.Combine(Path.GetTempPath(), "nguon-test-results");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name), text);
    }
}
