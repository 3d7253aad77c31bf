namespace Kyoten.Testing.StrongSwan;

/// <summary>
/// One section of a vici message as swanctl prints it with <c>--pretty</c>: key/value pairs,
/// lists and nested sections, in order. Parsing never throws; unknown lines are ignored.
/// </summary>
public sealed class ViciSection
{
    public ViciSection(string name) => Name = name;

    public string Name { get; }

    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<string>> Lists { get; } = new(StringComparer.Ordinal);

    public List<ViciSection> Sections { get; } = [];

    public string? this[string key] => Values.GetValueOrDefault(key);

    public ViciSection? Section(string name) => Sections.FirstOrDefault(s => s.Name == name);

    public IReadOnlyList<string> List(string key) => Lists.TryGetValue(key, out var list) ? list : [];

    /// <summary>Parses swanctl <c>--pretty</c> output into a root section holding the top-level messages.</summary>
    public static ViciSection ParsePretty(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = new ViciSection("");
        var stack = new Stack<ViciSection>();
        stack.Push(root);
        List<string>? list = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (list is not null)
            {
                if (line == "]")
                {
                    list = null;
                }
                else
                {
                    list.Add(line);
                }

                continue;
            }

            if (line == "}")
            {
                if (stack.Count > 1)
                {
                    stack.Pop();
                }

                continue;
            }

            var equals = line.IndexOf(" = ", StringComparison.Ordinal);
            if (equals > 0)
            {
                var key = line[..equals];
                var value = line[(equals + 3)..];
                if (value == "[")
                {
                    list = [];
                    stack.Peek().Lists[key] = list;
                }
                else
                {
                    stack.Peek().Values[key] = value;
                }
            }
            else if (line.EndsWith(" {", StringComparison.Ordinal) || line == "{")
            {
                var section = new ViciSection(line[..^1].TrimEnd());
                stack.Peek().Sections.Add(section);
                stack.Push(section);
            }
        }

        return root;
    }
}
