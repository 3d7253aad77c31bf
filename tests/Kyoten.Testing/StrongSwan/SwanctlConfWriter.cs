using System.Globalization;
using System.Text;

namespace Kyoten.Testing.StrongSwan;

/// <summary>Renders <see cref="SwanConnection"/>s as a swanctl.conf (syntax of swanctl.conf(5)).</summary>
public static class SwanctlConfWriter
{
    public static string Write(IReadOnlyList<SwanConnection> connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var text = new StringBuilder();
        text.AppendLine("connections {");
        foreach (var connection in connections)
        {
            WriteConnection(text, connection);
        }

        text.AppendLine("}");
        text.AppendLine("secrets {");
        foreach (var connection in connections.Where(c => c.Psk is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  ike-{connection.Name} {{");
            text.AppendLine(CultureInfo.InvariantCulture, $"    id-1 = {Quote(connection.Local.Id)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    id-2 = {Quote(connection.Remote.Id)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    secret = {Quote(connection.Psk!)}");
            text.AppendLine("  }");
        }

        text.AppendLine("}");
        return text.ToString();
    }

    private static void WriteConnection(StringBuilder text, SwanConnection c)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"  {c.Name} {{");
        text.AppendLine(CultureInfo.InvariantCulture, $"    version = {c.Version}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    local_addrs = {c.LocalAddress}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    remote_addrs = {c.RemoteAddress}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    proposals = {c.Proposals}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    mobike = {(c.Mobike ? "yes" : "no")}");
        Seconds(text, "    rekey_time", c.RekeyTime);
        Seconds(text, "    dpd_delay", c.DpdDelay);
        WriteAuth(text, "local", c.Local);
        WriteAuth(text, "remote", c.Remote);
        text.AppendLine("    children {");
        foreach (var child in c.Children)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"      {child.Name} {{");
            text.AppendLine(CultureInfo.InvariantCulture, $"        local_ts = {child.LocalTs}");
            text.AppendLine(CultureInfo.InvariantCulture, $"        remote_ts = {child.RemoteTs}");
            text.AppendLine(CultureInfo.InvariantCulture, $"        esp_proposals = {child.EspProposals}");
            text.AppendLine(CultureInfo.InvariantCulture, $"        mode = {child.Mode}");
            text.AppendLine(CultureInfo.InvariantCulture, $"        start_action = {child.StartAction}");
            Seconds(text, "        rekey_time", child.RekeyTime);
            Seconds(text, "        life_time", child.LifeTime);
            if (child.DpdAction is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"        dpd_action = {child.DpdAction}");
            }

            text.AppendLine("      }");
        }

        text.AppendLine("    }");
        text.AppendLine("  }");
    }

    private static void WriteAuth(StringBuilder text, string section, SwanAuth auth)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"    {section} {{");
        text.AppendLine(CultureInfo.InvariantCulture, $"      auth = {auth.Method}");
        text.AppendLine(CultureInfo.InvariantCulture, $"      id = {Quote(auth.Id)}");
        if (auth.Certificate is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"      certs = {auth.Certificate}");
        }

        text.AppendLine("    }");
    }

    private static void Seconds(StringBuilder text, string key, TimeSpan? value)
    {
        if (value is { } v)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{key} = {(long)v.TotalSeconds}s");
        }
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
