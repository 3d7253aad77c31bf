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
        var used = Directory.EnumerateFiles(Path.Combine(Root, "Api"), "*.cs")
            .SelectMany(f => ValidationLookup().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.Contains("{0} of site '{1}' overlaps {2} of site '{3}'", used);
        Assert.Empty(used.Except(english));
        Assert.Empty(used.Except(japanese));
    }

    [GeneratedRegex(@"ValidationText\.Get\(""((?:[^""\\]|\\.)*)""")]
    private static partial Regex ValidationLookup();

    [GeneratedRegex(@"L\[""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Lookup();
}
