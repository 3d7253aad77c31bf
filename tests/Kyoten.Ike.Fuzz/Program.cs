using Kyoten.Ike.Fuzz;
using SharpFuzz;

// Any exception escaping IkeEngine.OnDatagram / Tick is a crash for the fuzzer (the engine promises
// never to throw for datagram content). "--libfuzzer" selects libFuzzer (libfuzzer-dotnet), otherwise AFL++.
if (args.Length == 2 && args[0] == "--write-seeds")
{
    DatagramTarget.WriteSeeds(args[1]);
}
else if (args.Length > 0 && args[0] == "--libfuzzer")
{
    Fuzzer.LibFuzzer.Run(DatagramTarget.Run);
}
else
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        DatagramTarget.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    });
}
