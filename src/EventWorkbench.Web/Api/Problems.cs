using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EventWorkbench.Web.Api;

/// <summary>Every API error is application/problem+json that says what is wrong.</summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions);

    /// <summary>An append refused for its content; <paramref name="errors"/> names each bad field. Appends only: it says nothing was written.</summary>
    public static ProblemHttpResult InvalidAppend(IReadOnlyDictionary<string, string[]> errors) =>
        Create(StatusCodes.Status400BadRequest, "The request is not valid; nothing was written",
            string.Join("; ", errors.Select(pair => $"{pair.Key}: {string.Join(", ", pair.Value)}")),
            new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>An append refused before its events were read (not JSON, not an append request). Appends only.</summary>
    public static ProblemHttpResult BadAppend(string detail) =>
        Create(StatusCodes.Status400BadRequest, "The request is not valid; nothing was written", detail);

    /// <summary>An address whose path cannot be read as written (dot segments, stray '%', bytes that are not UTF-8).</summary>
    public static ProblemHttpResult InvalidAddress(IReadOnlyDictionary<string, string[]> errors, bool writes) =>
        Create(StatusCodes.Status400BadRequest, writes ? "The address is not valid; nothing was written" : "The address is not valid",
            string.Join("; ", errors.Select(pair => $"{pair.Key}: {string.Join(", ", pair.Value)}")),
            new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>A read whose query string cannot be read: each parameter, its value and what it takes, in <c>errors</c> too.</summary>
    public static ProblemHttpResult InvalidQuery(QueryErrors errors) =>
        Create(StatusCodes.Status400BadRequest, "The query is not valid", string.Join("; ", errors.Messages),
            new Dictionary<string, object?> { ["errors"] = errors.ByParameter });

    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail);

    /// <summary>Writes a problem; the answer to a HEAD gets its status and headers without the body.</summary>
    public static Task Write(HttpContext context, int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentType = "application/problem+json";
            return Task.CompletedTask;
        }
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is not null) problem.Extensions["errors"] = errors;
        return context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
    }
}
