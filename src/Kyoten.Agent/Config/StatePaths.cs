namespace Kyoten.Agent.Config;

/// <summary>
/// The state folder layout. The identity lives in its own sub-folder so enrollment can swap it
/// in with one directory rename: a reader sees the old identity or the new one, never a mix.
/// </summary>
internal sealed class StatePaths(string root)
{
    public const string DefaultRoot = "/var/lib/kyoten";

    public string Root { get; } = Path.GetFullPath(root);

    public string IdentityDirectory => Path.Combine(Root, "identity");

    public string PrivateKey => Path.Combine(IdentityDirectory, "agent.key");

    public string Certificate => Path.Combine(IdentityDirectory, "agent.crt");

    public string CaChain => Path.Combine(IdentityDirectory, "ca.crt");

    public string IdentityInfo => Path.Combine(IdentityDirectory, "agent.json");

    public string ConfigCache => Path.Combine(Root, "config-cache.json");

    public string StatusSocket => Path.Combine(Root, "agent.sock");

    public bool IsEnrolled => File.Exists(IdentityInfo);

    /// <summary>Creates the root with mode 0700 (it holds a private key and maybe PSKs).</summary>
    public void EnsureRoot()
    {
        if (!Directory.Exists(Root))
        {
            Directory.CreateDirectory(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
