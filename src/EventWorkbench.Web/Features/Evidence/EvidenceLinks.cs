namespace EventWorkbench.Web.Features.Evidence;

/// <summary>The addresses of evidence packs, for the pages that link to them (relative, like every page link).</summary>
public static class EvidenceLinks
{
    public static string Stream(string streamId, bool html = false) => $"api/evidence/streams/{Uri.EscapeDataString(streamId)}{Format(html)}";

    public static string Proposal(string streamId, string proposalId, bool html = false) =>
        $"api/evidence/proposals/{Uri.EscapeDataString(streamId)}/{Uri.EscapeDataString(proposalId)}{Format(html)}";

    public static string Correlation(string correlationId, bool html = false) => $"api/evidence/correlations/{Uri.EscapeDataString(correlationId)}{Format(html)}";

    private static string Format(bool html) => html ? "?format=html" : "";
}
