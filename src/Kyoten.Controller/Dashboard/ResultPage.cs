namespace Kyoten.Controller.Dashboard;

/// <summary>One page of a server-side paged list.</summary>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, int Total);
