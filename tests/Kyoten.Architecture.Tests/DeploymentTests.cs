using Kyoten.Testing.Sites;
using System.Text.RegularExpressions;
using Kyoten.Testing.Processes;

namespace Kyoten.Architecture.Tests;

/// <summary>
/// No Docker engine runs on these machines, so the deployment files are checked the way they can
/// be: the compose file validates, and each Dockerfile's build stage is replayed without Docker —
/// only the files its COPY lines bring, then its RUN line — so a missing file or a broken publish
/// fails here rather than on an operator's machine.
/// </summary>
public sealed partial class DeploymentTests
{
    private static readonly string Root = RepositoryPaths.RepositoryRoot;

    [Fact]
    public async Task ComposeFile_Validates_WithPostgresMigrationControllerAndTwoAgents()
    {
        var result = await ProcessRunner.RunAsync("docker-compose", ["-f", Path.Combine(Root, "docker-compose.yml"), "config"], TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = "test-only" }, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.StandardError);
        foreach (var service in new[] { "postgres:", "migrate:", "controller:", "agent-a:", "agent-b:" })
        {
            Assert.Contains("  " + service, result.StandardOutput, StringComparison.Ordinal);
        }

        Assert.Equal(2, Regex.Matches(result.StandardOutput, "NET_ADMIN").Count);
        Assert.Equal(2, Regex.Matches(result.StandardOutput, "/dev/net/tun:/dev/net/tun").Count);
    }

    [Fact]
    public async Task ComposeFile_WithoutPassword_IsRefused()
    {
        var result = await ProcessRunner.RunAsync("docker-compose", ["-f", Path.Combine(Root, "docker-compose.yml"), "config", "-q"], TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = "" }, TestContext.Current.CancellationToken);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("POSTGRES_PASSWORD", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deploy/Dockerfile.controller", "Kyoten.Controller.dll")]
    [InlineData("deploy/Dockerfile.agent", "kyoten-agent.dll")]
    public async Task DockerfileBuildStage_ReplayedWithoutDocker_PublishesTheEntryPoint(string dockerfile, string entryPoint)
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(Root, dockerfile), TestContext.Current.CancellationToken);
        var buildStage = lines.SkipWhile(l => !l.StartsWith("FROM ", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => !l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        var context = Directory.CreateTempSubdirectory("kyoten-docker-").FullName;
        try
        {
            foreach (var copy in buildStage.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)))
            {
                var parts = copy[5..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                foreach (var source in parts[..^1])
                {
                    var from = Path.Combine(Root, source.TrimEnd('/'));
                    var to = Path.Combine(context, parts[^1] == "./" ? Path.GetFileName(source.TrimEnd('/')) : parts[^1].TrimEnd('/'));
                    await ProcessRunner.RunAsync("cp", "-r", from, to).ContinueWith(t => t.Result.EnsureSuccess($"COPY {source}"), TaskScheduler.Default);
                }
            }

            // Build output of the developer's tree must not leak into the "image".
            await ProcessRunner.RunAsync("find", context, "-depth", "-type", "d", "(", "-name", "bin", "-o", "-name", "obj", ")", "-exec", "rm", "-rf", "{}", ";");
            var run = buildStage.Single(l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal))[4..];
            var output = Path.Combine(context, "out");
            run = run.Replace("-o /out", $"-o {output}", StringComparison.Ordinal);

            var result = await ProcessRunner.RunAsync("bash", ["-c", $"cd {context} && {run}"], TimeSpan.FromMinutes(8), cancellationToken: TestContext.Current.CancellationToken);

            Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
            Assert.True(File.Exists(Path.Combine(output, entryPoint)), $"{entryPoint} not published");
            var entry = lines.Single(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal));
            Assert.Contains(entryPoint, entry, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    [Fact]
    public void DemoScript_PublishesTheSameProjectAsTheControllerImage()
    {
        var demo = File.ReadAllText(Path.Combine(Root, "deploy/demo.sh"));
        var dockerfile = File.ReadAllText(Path.Combine(Root, "deploy/Dockerfile.controller"));

        Assert.Contains("src/Kyoten.Controller/Kyoten.Controller.csproj\" -c Release", demo, StringComparison.Ordinal);
        Assert.Contains("src/Kyoten.Controller/Kyoten.Controller.csproj -c Release", dockerfile, StringComparison.Ordinal);
    }
}
