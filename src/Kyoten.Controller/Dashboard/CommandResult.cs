using Microsoft.AspNetCore.Http.HttpResults;

namespace Kyoten.Controller.Dashboard;

/// <summary>What a REST handler answered, unwrapped for a component: the value, or field errors, or why not.</summary>
internal sealed record CommandResult<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors, bool Forbidden, bool NotFound)
{
    private static readonly Dictionary<string, string[]> None = [];

    public bool Succeeded => !Forbidden && !NotFound && Errors.Count == 0;

    public static CommandResult<T> Denied { get; } = new(default, None, true, false);

    public string? FirstError => Errors.Values.SelectMany(e => e).FirstOrDefault();

    public static CommandResult<T> From(IResult result) => result switch
    {
        ProblemHttpResult { ProblemDetails: HttpValidationProblemDetails v } => new(default, v.Errors.AsReadOnly(), false, false),
        ValidationProblem v => new(default, v.ProblemDetails.Errors.AsReadOnly(), false, false),
        Microsoft.AspNetCore.Http.HttpResults.NotFound => new(default, None, false, true),
        IValueHttpResult { Value: T value } => new(value, None, false, false),
        IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } => new(default, None, false, false),
        _ => throw new InvalidOperationException($"bug: unexpected handler result {result.GetType().Name}"),
    };
}
