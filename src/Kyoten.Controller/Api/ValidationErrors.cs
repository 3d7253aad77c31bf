namespace Kyoten.Controller.Api;

/// <summary>Collects every field error so the caller sees them all at once in one ProblemDetails.</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public IResult ToResult() => Results.ValidationProblem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    public static IResult Single(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return errors.ToResult();
    }
}
