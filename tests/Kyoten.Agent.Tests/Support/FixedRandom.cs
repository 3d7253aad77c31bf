namespace Kyoten.Agent.Tests.Support;

/// <summary>A Random whose NextDouble is fixed: 0 makes every back-off delay zero, so reconnects need no clock.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}
