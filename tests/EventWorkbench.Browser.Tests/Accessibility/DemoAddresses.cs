using System.Net.Http.Json;
using System.Text.Json;

namespace EventWorkbench.Browser.Tests.Accessibility;

/// <summary>
/// Fills the placeholders of an <see cref="AuditedPage"/> address from the demo data, read through the API:
/// <c>{stream}</c> is the stream with the most events, <c>{text-proposal}</c> (likewise markdown, json, code) the
/// human-edited proposal of that content type with the most edit steps, as <c>stream/proposal</c>.
/// </summary>
public sealed class DemoAddresses(HttpClient api)
{
    public async Task<string> ResolveAsync(string address)
    {
        if (!address.Contains('{')) return address;
        if (address.Contains("{stream}")) return address.Replace("{stream}", Uri.EscapeDataString(await BusiestStreamAsync()));
        foreach (var contentType in new[] { "text", "markdown", "json", "code" })
        {
            var placeholder = $"{{{contentType}-proposal}}";
            if (address.Contains(placeholder)) return address.Replace(placeholder, await MostEditedProposalAsync(contentType));
        }
        throw new ArgumentException($"No demo value for the placeholder in '{address}'", nameof(address));
    }

    private async Task<string> BusiestStreamAsync()
    {
        var page = await api.GetFromJsonAsync<JsonElement>("/api/streams?sort=EventCount&descending=true&pageSize=1");
        return page.GetProperty("items")[0].GetProperty("id").GetString()!;
    }

    private async Task<string> MostEditedProposalAsync(string contentType)
    {
        var page = await api.GetFromJsonAsync<JsonElement>("/api/proposals?outcome=accepted_edited&pageSize=200");
        var proposal = page.GetProperty("items").EnumerateArray()
            .Where(p => p.GetProperty("contentType").GetString() == contentType)
            .OrderByDescending(p => p.GetProperty("edits").GetArrayLength())
            .FirstOrDefault();
        if (proposal.ValueKind == JsonValueKind.Undefined)
            throw new InvalidOperationException($"The demo data has no edited {contentType} proposal");
        return $"{Uri.EscapeDataString(proposal.GetProperty("streamId").GetString()!)}/{Uri.EscapeDataString(proposal.GetProperty("proposalId").GetString()!)}";
    }
}
