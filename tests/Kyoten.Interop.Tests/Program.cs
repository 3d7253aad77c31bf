namespace Kyoten.Interop.Tests;

/// <summary>
/// The test executable's entry point. With <c>--ike-host</c> it is the Kyoten IKE host that a test
/// starts inside a network namespace (the test process itself stays in the root namespace);
/// otherwise it is xUnit's runner, exactly as the generated entry point would be.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == KyotenIkeHost.Switch)
        {
            return KyotenIkeHost.Run(args[1]);
        }

        if (args.Any(arg => arg is "--server" or "--internal-msbuild-node"))
        {
            return Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework.RunAsync(args, SelfRegisteredExtensions.AddSelfRegisteredExtensions).GetAwaiter().GetResult();
        }

        return Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).GetAwaiter().GetResult();
    }
}
