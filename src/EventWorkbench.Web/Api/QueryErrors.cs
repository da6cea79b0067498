namespace EventWorkbench.Web.Api;

/// <summary>Everything wrong with a query string, each message naming its parameter, in the order found.</summary>
public sealed class QueryErrors
{
    private readonly List<(string Parameter, string Message)> _errors = [];

    public int Count => _errors.Count;

    public IReadOnlyList<string> Messages => _errors.Select(error => error.Message).ToList();

    /// <summary>The messages by parameter, as a problem's <c>errors</c> member.</summary>
    public IReadOnlyDictionary<string, string[]> ByParameter =>
        _errors.GroupBy(error => error.Parameter).ToDictionary(group => group.Key, group => group.Select(error => error.Message).ToArray());

    public void Add(string parameter, string message) => _errors.Add((parameter, message));
}
