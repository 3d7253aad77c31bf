using System.Diagnostics;
using System.Globalization;
using Kyoten.Testing.Network;
using Kyoten.Testing.Processes;

namespace Kyoten.Testing.Tests;

public sealed class NetworkLabTests
{
    [Fact]
    public async Task TwoNamespaces_LinkedByVeth_CanPing_AndAreDeletedOnDispose()
    {
        string[] names;
        await using (var lab = await NetworkLab.CreateAsync())
        {
            var a = await lab.AddNamespaceAsync("a");
            var b = await lab.AddNamespaceAsync("b");
            await lab.ConnectAsync(a, "192.0.2.1/24", b, "192.0.2.2/24");

            var ping = await a.TryExecAsync("ping", "-c", "1", "-W", "5", "192.0.2.2");

            Assert.Equal(0, ping.ExitCode);
            names = [a.Name, b.Name];
        }

        var list = await ProcessRunner.RunAsync("ip", "netns", "list");
        Assert.DoesNotContain(names[0], list.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(names[1], list.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.1/24")]
    [InlineData("192.168.1.1/24")]
    [InlineData("8.8.8.8")]
    [InlineData("fd00::1/64")]
    [InlineData("not-an-address")]
    public void AddressOutsideTheTestRanges_IsRefusedBeforeReachingTheKernel(string cidr)
    {
        // Only the guard runs: no namespace is made and no `ip` command is issued with these.
        Assert.Throws<ArgumentException>(() => TestAddresses.EnsureAllowed(cidr));
    }

    [Theory]
    [InlineData("192.0.2.7/24")]
    [InlineData("198.19.255.1")]
    [InlineData("2001:db8:1::1/64")]
    public void AddressInsideTheTestRanges_IsAccepted(string cidr)
    {
        Assert.Equal(cidr, TestAddresses.EnsureAllowed(cidr));
    }

    [Fact]
    public async Task NamespacesOfACrashedRun_AreSweptByTheNextLab()
    {
        // A lab whose owning process is gone: the marker names a pid that has exited.
        using var dead = Process.Start("true")!;
        await dead.WaitForExitAsync(TestContext.Current.CancellationToken);
        var markerDirectory = Path.Combine(Path.GetTempPath(), "kyoten-netlabs");
        Directory.CreateDirectory(markerDirectory);
        const string staleId = "dead0";
        await File.WriteAllTextAsync(Path.Combine(markerDirectory, staleId), dead.Id.ToString(CultureInfo.InvariantCulture), TestContext.Current.CancellationToken);
        var staleName = $"{NetworkLab.NamePrefix}-{staleId}-left";
        (await ProcessRunner.RunAsync("ip", "netns", "add", staleName)).EnsureSuccess("ip netns add");

        await using var lab = await NetworkLab.CreateAsync();

        var list = await ProcessRunner.RunAsync("ip", "netns", "list");
        Assert.DoesNotContain(staleName, list.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(markerDirectory, staleId)));
    }
}
