using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nguon.Silo.Documents;
using Nguon.Silo.Hosting;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Http;

/// <summary>A wrong setting stops the silo before it serves anything: exit code 2 and one line on stderr naming the
/// setting, nothing on stdout (no stack trace, no log lines).</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("--Nguon:Documents:MaxBytes=-1", "Nguon:Documents:MaxBytes must be a positive number of bytes (got -1)")]
    [InlineData("--Nguon:Storage=Mongo", "Nguon:Storage must be one of Sqlite, Postgres (got 'Mongo')")]
    [InlineData("--Nguon:Storage=Postgres", "Nguon:ConnectionString is required when Nguon:Storage is Postgres")]
    [InlineData("--Nguon:PublicUrl=id.nguon.example",
        "Nguon:PublicUrl must be an absolute http or https URL such as https://id.nguon.example (got 'id.nguon.example')")]
    [InlineData("--Nguon:Documents:Store=S3", "Nguon:Documents:Store must be one of FileSystem, AzureBlob (got 'S3')")]
    [InlineData("--Nguon:Documents:Store=AzureBlob",
        "Nguon:Documents:ConnectionString is required when Nguon:Documents:Store is AzureBlob")]
    [InlineData("--Nguon:Membership:ProbeTimeout=-00:00:01",
        "Nguon:Membership:ProbeTimeout must be a positive duration such as 00:00:05 (got -00:00:01)")]
    [InlineData("--Nguon:Membership:NumMissedProbesLimit=0", "Nguon:Membership:NumMissedProbesLimit must be at least 1 (got 0)")]
    [InlineData("--Nguon:GatewayPort=eleven", "Nguon:GatewayPort must be a whole number (got 'eleven')")]
    [InlineData("--Nguon:RateLimits:AddressBurst=0", "Nguon:RateLimits:AddressBurst must be between 1 and 10,000,000 (got 0)")]
    [InlineData("--Nguon:Audit:RetentionDays=0", "Nguon:Audit:RetentionDays must be between 1 and 3,650 (got 0)")]
    [InlineData("--Nguon:ReadModel:EpcisBatch=0", "Nguon:ReadModel:EpcisBatch must be between 1 and 5,000 (got 0)")]
    public async Task A_wrong_setting_stops_the_silo_with_one_line_naming_it(string setting, string line)
    {
        using var folder = new TempFolder("nguon-options-");
        var exit = await SiloRunner.RunUntilExitAsync(folder.Path, [setting], SiloRunner.StartTimeout);
        Assert.Equal(NguonHost.BadSettingExitCode, exit.ExitCode);
        Assert.Equal([line], exit.Stderr);
        Assert.Empty(exit.Stdout);
        Assert.False(File.Exists(Path.Combine(folder.Path, "nguon.db")), "nothing is set up before the settings are checked");
    }

    [Fact]
    public async Task A_missing_key_folder_stops_the_silo_when_it_may_not_create_one()
    {
        using var folder = new TempFolder("nguon-options-");
        var keys = Path.Combine(folder.Path, "mounted-keys");
        var exit = await SiloRunner.RunUntilExitAsync(folder.Path,
            [$"--Nguon:Signing:KeyDirectory={keys}", "--Nguon:Signing:CreateIfMissing=false"], SiloRunner.StartTimeout);
        Assert.Equal(NguonHost.BadSettingExitCode, exit.ExitCode);
        Assert.Equal([$"Nguon:Signing:KeyDirectory {keys} does not exist and Nguon:Signing:CreateIfMissing is false"], exit.Stderr);
        Assert.False(Directory.Exists(keys));
    }

    [Theory]
    [InlineData("Nguon:Membership:ProbeTimout", "00:00:01", "Nguon:Membership:ProbeTimout is not a setting")]
    [InlineData("Nguon:Documents:MaxByte", "10", "Nguon:Documents:MaxByte is not a setting")]
    [InlineData("Nguon:AdvertisedIp", "10.0.0.300", "Nguon:AdvertisedIp must be an IP address (got '10.0.0.300')")]
    [InlineData("Nguon:Documents:Container", "Nguon_Docs", null)] // the container name matters for AzureBlob only
    [InlineData("Nguon:SiloPort", "70000", "Nguon:SiloPort must be a port between 1 and 65535 (got 70000)")]
    [InlineData("Nguon:BootstrapKey", "secret", "Nguon:BootstrapKey must be an API key of the form ngn_<key id>_<secret>")]
    [InlineData("Nguon:PublicUrl", "", null)]
    [InlineData("Nguon:PublicUrl", "https://id.nguon.example/", null)]
    [InlineData("Nguon:PublicUrl", "https://id.nguon.example/" + "labels/01234567890123456789012345678901234567890123456789012345678901234567890123456789012345678",
        "Nguon:PublicUrl has at most 120 characters, so label QR codes stay small (got 121)")]
    [InlineData("Nguon:RateLimits:Enable", "false", "Nguon:RateLimits:Enable is not a setting")]
    [InlineData("Nguon:RateLimits:Enabled", "false", null)]
    [InlineData("Nguon:RateLimits:KeyPerSecond", "2000000", "Nguon:RateLimits:KeyPerSecond must be between 1 and 1,000,000 (got 2000000)")]
    [InlineData("Nguon:Audit:MaxEntriesPerDay", "100", "Nguon:Audit:MaxEntriesPerDay must be between 800 and 1,000,000 (got 100)")]
    [InlineData("Nguon:Idempotency:Retention", "00:00:10",
        "Nguon:Idempotency:Retention must be between 00:01:00 and 30.00:00:00 (got 00:00:10)")]
    [InlineData("Nguon:Idempotency:SweepInterval", "2.00:00:00",
        "Nguon:Idempotency:SweepInterval must be between 00:00:01 and 1.00:00:00 (got 2.00:00:00)")]
    public void Settings_are_read_and_checked_before_the_host_is_built(string key, string value, string? expected)
    {
        var configuration = Configuration((key, value));
        var read = () => NguonSettings.Read(configuration);
        if (expected is null) read();
        else Assert.StartsWith(expected, Assert.Throws<SettingsException>(read).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_in_a_bad_setting_is_not_repeated()
    {
        var message = Assert.Throws<SettingsException>(() =>
            NguonSettings.Read(Configuration(("Nguon:BootstrapKey", "ngn_not-a-key-hunter2")))).Message;
        Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_at_start_gives_the_same_line_as_the_early_read()
    {
        var configuration = Configuration(("Nguon:Documents:MaxBytes", "-5"));
        var early = Assert.Throws<SettingsException>(() => NguonSettings.Read(configuration)).Message;
        using var services = new ServiceCollection().AddNguonSettings(configuration).BuildServiceProvider();
        var atStart = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DocumentOptions>>().Value);
        Assert.Equal(early, SettingsBinder.OneLine(atStart.Failures));
    }

    [Fact]
    public void The_options_are_also_resolvable_as_themselves_and_are_the_validated_value()
    {
        var configuration = Configuration(("Nguon:PublicUrl", "https://id.nguon.example"), ("Nguon:Documents:MaxBytes", "1024"));
        using var services = new ServiceCollection().AddNguonSettings(configuration).BuildServiceProvider();
        Assert.Same(services.GetRequiredService<IOptions<NguonOptions>>().Value, services.GetRequiredService<NguonOptions>());
        Assert.Equal("https://id.nguon.example", services.GetRequiredService<NguonOptions>().PublicUrl);
        Assert.Equal(1024, services.GetRequiredService<DocumentOptions>().MaxBytes);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
}
