using Kyoten.Testing.Sites;

namespace Kyoten.Dashboard.Tests.Infrastructure;

/// <summary>Where screenshots go: $KYOTEN_TEST_ARTIFACTS/screenshots (tests/run.sh sets it), else tests/artifacts/screenshots.</summary>
internal static class Artifacts
{
    public static string Screenshots { get; } = Create();

    private static string Create()
    {
        var root = Environment.GetEnvironmentVariable("KYOTEN_TEST_ARTIFACTS");
        if (string.IsNullOrEmpty(root))
        {
            root = Path.Combine(RepositoryPaths.RepositoryRoot, "tests", "artifacts");
        }

        var path = Path.Combine(root, "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }
}
