namespace Kyoten.Agent.Tests;

/// <summary>Where the built <c>kyoten-agent</c> lives, for tests that run it as a process.</summary>
internal static class AgentBinary
{
    public static string Dll => Path.Combine(OutputDirectory, "kyoten-agent.dll");

    public static string OutputDirectory
    {
        get
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            var tfm = testOutput.Name;
            var configuration = testOutput.Parent!.Name;
            var dir = testOutput;
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Controller.sln")))
            {
                dir = dir.Parent;
            }

            return dir is null
                ? throw new InvalidOperationException("Controller.sln not found above the test output")
                : Path.Combine(dir.FullName, "src", "Kyoten.Agent", "bin", configuration, tfm);
        }
    }
}
