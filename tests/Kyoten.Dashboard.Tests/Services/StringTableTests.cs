using System.Globalization;
using Kyoten.Testing.Sites;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Kyoten.Dashboard.Tests.Services;

public sealed partial class StringTableTests
{
    private static readonly string Root = Path.Combine(RepositoryPaths.RepositoryRoot, "src", "Kyoten.Controller");

    private static HashSet<string> Keys(string file) =>
        [.. XDocument.Load(Path.Combine(Root, "Resources", file)).Root!.Elements("data").Select(d => d.Attribute("name")!.Value)];

    [Fact]
    public void Every_literal_the_components_look_up_has_an_english_and_a_japanese_entry()
    {
        var english = Keys("Strings.resx");
        var japanese = Keys("Strings.ja.resx");
        var used = Directory.EnumerateFiles(Path.Combine(Root, "Components"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => Lookup().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.Empty(used.Except(english));
        Assert.Empty(english.Except(japanese));
    }

    [Theory]
    [InlineData("Strings.resx")]
    [InlineData("Strings.ja.resx")]
    public void No_two_keys_differ_only_in_case(string file)
    {
        // The resource compiler keeps one of them and drops the other; lookups are case-sensitive,
        // so the dropped key's text silently falls back to the English key.
        var keys = XDocument.Load(Path.Combine(Root, "Resources", file)).Root!.Elements("data").Select(d => d.Attribute("name")!.Value);
        Assert.Empty(keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void Every_validation_message_of_the_api_has_an_english_and_a_japanese_entry()
    {
        var english = Keys("Strings.resx");
        var japanese = Keys("Strings.ja.resx");
        var used = new[] { "Api", "Dashboard" }.SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*.cs"))
            .SelectMany(f => ValidationLookup().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.Contains("{0} of site '{1}' overlaps {2} of site '{3}'", used);
        Assert.Empty(used.Except(english));
        Assert.Empty(used.Except(japanese));
    }

    [Fact]
    public void Every_proposal_check_and_link_rule_message_has_an_english_and_a_japanese_entry_and_reads_in_japanese()
    {
        var english = Keys("Strings.resx");
        var japanese = Keys("Strings.ja.resx");
        var source = File.ReadAllText(Path.Combine(Root, "Compilation", "ProposalParser.cs"));
        var messages = ProposalMessage().Matches(source).Select(m => m.Groups[1].Value).ToHashSet();
        var planner = File.ReadAllText(Path.Combine(Root, "Compilation", "TopologyPlanner.cs"));
        messages.UnionWith(LinkRuleMessage().Matches(planner).Select(m => m.Groups[1].Value));
        Assert.Contains("a site cannot link to itself", messages);

        Assert.Contains("unknown algorithm '{0}'", messages);
        Assert.Contains("at most one key exchange method for PFS", messages);
        Assert.Empty(messages.Except(english));
        Assert.Empty(messages.Except(japanese));

        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");
            var check = Kyoten.Controller.Compilation.ProposalParser.Check("aes256gcm16-bogus", Kyoten.Controller.Compilation.ProposalKind.Ike);
            Assert.Equal("unknown algorithm 'bogus'", check.Error);
            Assert.Equal("不明なアルゴリズム 'bogus'", Kyoten.Controller.Api.ValidationText.Get(check.ErrorFormat!, check.ErrorArguments!));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [GeneratedRegex(@"(?:Invalid\(|=> |error = )""((?:[^""\\]|\\.)*)""")]
    private static partial Regex ProposalMessage();

    [GeneratedRegex(@"\? \(""((?:[^""\\]|\\.)*)"", a\.Name")]
    private static partial Regex LinkRuleMessage();

    [GeneratedRegex(@"ValidationText\.Get\(""((?:[^""\\]|\\.)*)""")]
    private static partial Regex ValidationLookup();

    [GeneratedRegex(@"L\[""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Lookup();
}
