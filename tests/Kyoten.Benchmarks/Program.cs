using BenchmarkDotNet.Running;
using Kyoten.Benchmarks.Ike;

if (args.Length > 0 && args[0] == StrongSwanLoadDriver.Switch)
{
    return StrongSwanLoadDriver.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

