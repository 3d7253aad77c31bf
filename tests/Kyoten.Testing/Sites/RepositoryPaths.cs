namespace Kyoten.Testing.Sites;

/// <summary>Where the agent and controller builds are (bin/&lt;Configuration&gt;/net10.0 of their projects).</summary>
public static class RepositoryPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static string Configuration => AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string AgentDll => Path.Combine(RepositoryRoot, "src", "Kyoten.Agent", "bin", Configuration, "net10.0", "kyoten-agent.dll");

    public static string ControllerDll => Path.Combine(RepositoryRoot, "src", "Kyoten.Controller", "bin", Configuration, "net10.0", "Kyoten.Controller.dll");

    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Logs of failed runs go here (tests/artifacts/e2e when run by tests/run.sh).</summary>
    public static string Artifacts(string name)
    {
        var root = Environment.GetEnvironmentVariable("KYOTEN_TEST_ARTIFACTS") ?? Path.Combine(Path.GetTempPath(), "kyoten-artifacts");
        var dir = Path.Combine(root, "e2e", name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Controller.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Controller.sln not found above " + AppContext.BaseDirectory);
    }
}
