using Kyoten.Esp.Replay;

namespace Kyoten.Esp.Tests;

/// <summary>RFC 4303 §3.4.3 sliding window and Appendix A2 ESN inference.</summary>
public sealed class ReplayWindowTests
{
    public static TheoryData<int> Sizes => new(64, 1024, 4096);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void InOrderNumbersAreAccepted_DuplicatesAreNot(int size)
    {
        var window = new ReplayWindow(size, esn: false);
        for (ulong s = 1; s <= (ulong)size * 3; s++)
        {
            Assert.True(window.CheckAndUpdate(s));
        }

        Assert.False(window.CheckAndUpdate((ulong)size * 3));
        Assert.False(window.CheckAndUpdate(1));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void LeftEdge_JustInsideAccepted_JustOutsideRejected(int size)
    {
        var window = new ReplayWindow(size, esn: false);
        ulong top = (ulong)size * 5 + 17;
        Assert.True(window.CheckAndUpdate(top));

        ulong lowestInside = top - (ulong)size + 1;
        Assert.False(window.Check(lowestInside - 1));
        Assert.True(window.CheckAndUpdate(lowestInside));
        Assert.False(window.CheckAndUpdate(lowestInside));
        Assert.True(window.CheckAndUpdate(top - 1));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void FarJumpAhead_ForgetsOldBits_AndKeepsTheNewWindowFresh(int size)
    {
        var window = new ReplayWindow(size, esn: false);
        for (ulong s = 1; s <= 200; s++)
        {
            window.CheckAndUpdate(s);
        }

        ulong far = 1_000_000;
        Assert.True(window.CheckAndUpdate(far));
        Assert.False(window.Check(200));
        // Everything inside the new window except `far` is unseen, whatever bits the ring held before.
        for (ulong s = far - (ulong)size + 1; s < far; s++)
        {
            Assert.True(window.Check(s), $"{s} should be acceptable");
        }

        // A jump of less than one window keeps the numbers already seen.
        Assert.True(window.CheckAndUpdate(far - 5));
        Assert.True(window.CheckAndUpdate(far + (ulong)size / 2));
        Assert.False(window.Check(far - 5));
    }

    [Fact]
    public void SequenceNumberZero_IsNeverAccepted()
    {
        var window = new ReplayWindow(64, esn: false);

        Assert.False(window.CheckAndUpdate(0));
    }

    [Fact]
    public void EsnInference_CrossesThe2To32Boundary()
    {
        // RFC 4303 Appendix A2.1, window inside one subspace: Tl ≥ W − 1.
        var window = new ReplayWindow(1024, esn: true);
        window.Reset(0xFFFF_FFF0);

        Assert.True(window.TryInfer(5, out ulong ahead));
        Assert.Equal(0x1_0000_0005UL, ahead);
        Assert.True(window.CheckAndUpdate(ahead));

        // Now Tl = 5 < W − 1: the window spans two subspaces; late numbers from below 2^32 still infer Th − 1.
        Assert.True(window.TryInfer(0xFFFF_FFF8, out ulong late));
        Assert.Equal(0xFFFF_FFF8UL, late);
        Assert.True(window.CheckAndUpdate(late));
        Assert.True(window.TryInfer(0xFFFF_FFF0, out ulong duplicate));
        Assert.False(window.CheckAndUpdate(duplicate));
        Assert.True(window.TryInfer(3, out ulong three));
        Assert.Equal(0x1_0000_0003UL, three);
    }

    [Fact]
    public void EsnInference_BeforeTheFirstSubspaceIsRejected()
    {
        var window = new ReplayWindow(1024, esn: true);
        window.CheckAndUpdate(10);

        // Appendix A2.1 would give Th − 1 = −1: no such packet can exist.
        Assert.False(window.TryInfer(0xFFFF_FF00, out _));
        Assert.True(window.TryInfer(11, out ulong next));
        Assert.Equal(11UL, next);
    }
}
