namespace Kyoten.Agent.Config;

/// <summary>Write-to-temp, fsync, rename: readers and crashes see the old file or the new one.</summary>
internal static class AtomicFile
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode PublicRead = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var temp = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            WriteNew(temp, content, mode);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Creates a file that must not exist yet, born with <paramref name="mode"/> (no window with wider rights).</summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = mode,
        };
        using var stream = new FileStream(path, options);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }
}
