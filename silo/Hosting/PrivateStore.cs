namespace Nguon.Silo.Hosting;

/// <summary>The embedded SQLite store is private to the silo's user: its folder is created 0700 and the database file
/// 0600 before SQLite opens it (SQLite gives its -wal and -shm files the database file's mode), and a store file left
/// readable by others (an earlier version's) is made 0600 again. A folder that already exists keeps its mode: it may be
/// the working directory or one an operator chose. Nothing to do on Windows (ACLs follow the folder).</summary>
public static class PrivateStore
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode StoreFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The files SQLite keeps for <paramref name="database"/>.</summary>
    public static IEnumerable<string> Files(string database) => [database, database + "-wal", database + "-shm"];

    public static void Prepare(string database)
    {
        var path = Path.GetFullPath(database);
        var folder = Path.GetDirectoryName(path) ?? ".";
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        if (!Directory.Exists(folder)) Directory.CreateDirectory(folder, FolderMode);
        if (!File.Exists(path))
        {
            // An empty file is an empty SQLite database; creating it here is what sets its mode.
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = StoreFileMode,
            });
        }
        foreach (var file in Files(path).Where(File.Exists))
            if ((File.GetUnixFileMode(file) & ~StoreFileMode) != 0) File.SetUnixFileMode(file, StoreFileMode);
    }
}
