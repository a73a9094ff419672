using System.Net;
using Nguon.Silo.Hosting;
using Nguon.Tests.Http;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Limits;

/// <summary>The attack of issue 13: nguon.db was created world-readable. The embedded store's folder is created 0700 and
/// its files (the database, its -wal and -shm) 0600, and a store file left readable by others is made private again.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateStoreTests
{
    [Fact]
    public async Task A_silo_creates_its_store_folder_0700_and_every_store_file_0600()
    {
        using var folder = new TempFolder("nguon-private-");
        var data = Path.Combine(folder.Path, "data");
        var database = Path.Combine(data, "nguon.db");
        await using (var silo = await InProcessSilo.StartAsync($"--Nguon:SqlitePath={database}"))
        {
            await silo.Client.RegisterOrganisation(silo.Admin, "org-private", "operator");
            Assert.Equal(PrivateStore.FolderMode, File.GetUnixFileMode(data));
            var files = PrivateStore.Files(database).Where(File.Exists).ToList();
            Assert.Equal(3, files.Count); // WAL mode: the database, its write-ahead log and its shared-memory index
            Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == PrivateStore.StoreFileMode, $"{f}: {File.GetUnixFileMode(f)}"));
        }
    }

    [Fact]
    public void A_store_file_readable_by_others_is_made_private_and_an_existing_folder_keeps_its_mode()
    {
        using var folder = new TempFolder("nguon-private-");
        var shared = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(folder.Path, shared);
        var database = folder.File("nguon.db");
        File.WriteAllBytes(database, []);
        File.WriteAllBytes(database + "-wal", []);
        File.SetUnixFileMode(database, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(database + "-wal", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);

        PrivateStore.Prepare(database);

        Assert.Equal(PrivateStore.StoreFileMode, File.GetUnixFileMode(database));
        Assert.Equal(PrivateStore.StoreFileMode, File.GetUnixFileMode(database + "-wal"));
        Assert.Equal(shared, File.GetUnixFileMode(folder.Path));
    }
}
