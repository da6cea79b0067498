using System.Net;
using System.Security.Cryptography;
using EventWorkbench.Access;
using EventWorkbench.Export;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using EventWorkbench.Web.Tests.Access;
using EventWorkbench.Web.Tests.Api;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Export;

/// <summary>The export page's download: the API's export for a signed-in person who may export, recorded under their name.</summary>
public sealed class ExportDownloadHttpTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly string _product = $"dl-{Guid.NewGuid():N}"[..16];

    private async Task SeedAsync()
    {
        using var writer = host.Client(ApiHost.AppendKey);
        (await writer.PostEventsAsync($"{_product}-a", Batch(Started(_product),
            """{ "type": "proposal_generated", "data": { "proposalId": "p", "model": "gpt-x", "messages": [ { "role": "user", "content": "Where?" } ], "content": "Here.", "contentType": "text" } }""",
            """{ "type": "proposal_edited", "data": { "proposalId": "p", "editor": "ana", "content": "Over here." } }""",
            """{ "type": "proposal_accepted", "data": { "proposalId": "p", "by": "ana" } }"""))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_anonymous_download_is_redirected_to_sign_in()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        var response = await anonymous.GetAsync("/export/download/trl-sft");

        response.RedirectTarget().ShouldStartWith("/signin");
    }

    [Fact]
    public async Task A_reviewer_gets_403_and_an_api_key_is_no_sign_in()
    {
        using var reviewer = await host.SignedInAsync(await host.NewAccountAsync(AccessRoles.Reviewer));
        var refused = await reviewer.GetAsync("/export/download/trl-sft");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("ml-engineer");

        using var withKey = host.Client(ApiHost.ExportKey);
        var response = await withKey.GetAsync("/export/download/trl-sft");
        response.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/signin", "the download takes the sign-in cookie only");
    }

    [Fact]
    public async Task An_ml_engineer_gets_the_same_bytes_as_the_api_for_the_same_asOf_and_the_export_is_recorded_under_their_name()
    {
        await SeedAsync();
        var engineer = await host.NewAccountAsync(AccessRoles.MlEngineer);
        using var signedIn = await host.SignedInAsync(engineer);
        using var api = host.Client(ApiHost.ExportKey);
        var asOf = (await api.GetAsync($"/api/exports/trl-dpo?product={_product}&part=manifest")).Headers.GetValues("X-Export-As-Of").Single();
        var query = $"product={_product}&container=jsonl.gz&seed=5&asOf={asOf}";

        var response = await signedIn.GetAsync($"/export/download/trl-dpo?{query}");
        var fromApi = await api.GetByteArrayAsync($"/api/exports/trl-dpo?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe("trl-dpo.all.jsonl.gz");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.ShouldBe(fromApi);
        bytes.Length.ShouldBeGreaterThan(0);

        var store = host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var recorded = (await session.Events.FetchStreamAsync(WorkbenchStreams.Exports))
            .Last(e => e.Data is DatasetExported exported && exported.By == engineer);
        recorded.UserName.ShouldBe(engineer);
        recorded.GetHeader(EventAppender.SourceHeader)?.ToString().ShouldBe(ExportLog.PageSource);
        var exported = (DatasetExported)recorded.Data;
        exported.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        exported.AsOfSequence.ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(asOf);
        exported.RowCount.ShouldBe(1);
    }

    [Fact]
    public async Task The_manifest_and_lineage_of_the_pinned_export_are_served_and_bad_parameters_get_400()
    {
        await SeedAsync();
        using var signedIn = await host.SignedInAsync(await host.NewAccountAsync(AccessRoles.MlEngineer));

        var manifest = await signedIn.GetStringAsync($"/export/download/trl-sft?product={_product}&part=manifest");
        var lineage = await signedIn.GetStringAsync($"/export/download/trl-sft?product={_product}&part=lineage");
        var bad = await signedIn.GetAsync("/export/download/trl-sft?ratios=1,1,1");

        manifest.ShouldContain($"\"product\":\"{_product}\"");
        lineage.ShouldContain($"{_product}-a");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("ratios");
    }
}
