namespace Nguon;

/// <summary>The one grain-storage provider name every grain uses.</summary>
public static class Storage
{
    public const string Name = "nguon";
}
