using System.Net;
using System.Net.Http.Json;

namespace EventWorkbench.Browser.Tests.Pages;

/// <summary>
/// The demo data plus interactions whose proposals are 20 KB each (more than a page of contract text), and one
/// stream whose id holds a slash, so every page can be opened at its largest size over texts of realistic length.
/// </summary>
public sealed class LongTextsStore : IAsyncLifetime
{
    public const string Product = "long-texts";
    public const string SlashedStream = "team/long-0";
    public const int Streams = 12;

    public AppProcess App { get; } = new();

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        var clause = "The Supplier shall indemnify the Customer against all losses arising from a breach of this Agreement. ";
        var text = string.Concat(Enumerable.Repeat(clause, 20 * 1024 / clause.Length + 1));
        for (var i = 0; i < Streams; i++)
        {
            var streamId = i == 0 ? SlashedStream : $"long-{i:D2}";
            await App.AppendAsync(streamId,
                new { type = "interaction_started", data = new { channel = "chat", product = Product, input = text } },
                Proposal("p1", text), new { type = "proposal_rejected", data = new { proposalId = "p1", by = "reviewer.kim", reason = "too long" } },
                Proposal(EditedProposal(i), text),
                new { type = "proposal_edited", data = new { proposalId = EditedProposal(i), editor = "reviewer.kim", content = text.Replace("all losses", "direct losses", StringComparison.Ordinal) } },
                new { type = "proposal_accepted", data = new { proposalId = EditedProposal(i), by = "reviewer.kim" } });
        }
    }

    /// <summary>Every stream has a rejected "p1"; its edited proposal's id is its own.</summary>
    public static string EditedProposal(int stream) => $"edited-{stream:D2}";

    public Task DisposeAsync() => App.DisposeAsync();

    private static object Proposal(string proposalId, string text) => new
    {
        type = "proposal_generated",
        data = new { proposalId, model = "gpt-x", promptVersion = "v7", content = text, contentType = "text", messages = new[] { new { role = "user", content = text } } },
    };
}
