namespace EventWorkbench.Web.Api;

/// <summary>
/// No API query parameter may hold the NUL character (<c>%00</c>): PostgreSQL cannot take it in text, and no filter
/// means it. Such a request gets 400 naming the parameter, after authentication, before any endpoint reads it.
/// </summary>
public static class QueryStringRules
{
    public static IApplicationBuilder UseQueryStringRules(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (ApiErrors.IsApi(http) && http.Request.QueryString.HasValue && NulParameters(http.Request.Query) is { Count: > 0 } errors)
        {
            await Problems.Write(http, StatusCodes.Status400BadRequest, "The request is not valid; nothing was written",
                string.Join("; ", errors.Select(pair => $"{pair.Key}: {pair.Value[0]}")), errors);
            return;
        }
        await next(http);
    });

    private static Dictionary<string, string[]> NulParameters(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            if (name.Contains('\0', StringComparison.Ordinal))
                errors[name.Replace("\0", "\\u0000", StringComparison.Ordinal)] = ["a parameter name must not contain the NUL character (%00)"];
            else if (values.Any(value => value?.Contains('\0', StringComparison.Ordinal) == true))
                errors[name] = ["must not contain the NUL character (%00)"];
        }
        return errors;
    }
}
