namespace Kyoten.Agent.Tests.DataPath;

/// <summary>Datagrams the kernel of a namespace dropped before a socket saw them.</summary>
internal static class KernelDrops
{
    /// <summary>
    /// Every place the kernel may drop a flood before the agent's socket sees it: the socket's full
    /// receive buffer (/proc/net/snmp), the namespace's interfaces (rx_dropped: veth's NAPI ring), and
    /// the per-CPU input backlog (/proc/net/softnet_stat, machine-wide, so only ever an upper bound).
    /// </summary>
    public static long Receive(TestNamespace ns)
    {
        long interfaces = InterfaceCounter(ns, "rx_dropped");
        long backlog = File.ReadAllLines("/proc/net/softnet_stat")
            .Sum(l => Convert.ToInt64(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], 16));
        return UdpReceiveBufferErrors(ns) + Udp6ReceiveBufferErrors(ns) + interfaces + backlog;
    }

    /// <summary>UDP datagrams the kernel dropped for a full receive buffer in the namespace (/proc/net/snmp).</summary>
    private static long UdpReceiveBufferErrors(TestNamespace ns)
    {
        string[] lines = ns.Exec("cat /proc/net/snmp").Split('\n');
        int header = Array.FindIndex(lines, l => l.StartsWith("Udp:", StringComparison.Ordinal));
        string[] names = lines[header].Split(' ');
        string[] values = lines[header + 1].Split(' ');
        return long.Parse(values[Array.IndexOf(names, "RcvbufErrors")], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The same for UDP over IPv6 (/proc/net/snmp6: one "name value" pair per line).</summary>
    private static long Udp6ReceiveBufferErrors(TestNamespace ns)
    {
        string line = ns.Exec("cat /proc/net/snmp6").Split('\n').FirstOrDefault(l => l.StartsWith("Udp6RcvbufErrors", StringComparison.Ordinal)) ?? "Udp6RcvbufErrors 0";
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Drops on the sending side of a veth: when the peer's receive ring or backlog is full,
    /// veth_xmit counts the packet as the sender's tx_dropped, not the receiver's rx_dropped.
    /// </summary>
    public static long Transmit(TestNamespace ns) => InterfaceCounter(ns, "tx_dropped");

    private static long InterfaceCounter(TestNamespace ns, string counter) => ns.Exec("ls /sys/class/net")
        .Split((char[])['\n', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
        .Sum(dev => long.Parse(ns.Exec($"cat /sys/class/net/{dev}/statistics/{counter}").Trim(), System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The namespace's non-zero IP/UDP error counters, for a failure message.</summary>
    public static string Describe(TestNamespace ns)
    {
        string[] v4 = ns.Exec("cat /proc/net/snmp").Split('\n');
        IEnumerable<string> v6 = ns.Exec("cat /proc/net/snmp6").Split('\n')
            .Select(l => l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 2 && f[1] != "0" && (f[0].Contains("Err", StringComparison.Ordinal) || f[0].Contains("Fail", StringComparison.Ordinal) || f[0].Contains("Discard", StringComparison.Ordinal) || f[0].Contains("Reasm", StringComparison.Ordinal)))
            .Select(f => $"{f[0]}={f[1]}");
        return string.Join(" ", v4.Where(l => l.StartsWith("Udp:", StringComparison.Ordinal) || l.StartsWith("Ip:", StringComparison.Ordinal)).Select(l => l.Trim())) + " | " + string.Join(" ", v6);
    }
}
