using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using EventWorkbench.Access;
using EventWorkbench.Export;
using EventWorkbench.Web.Features.Export;
using EventWorkbench.Web.Tests.Access;
using EventWorkbench.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Datasets;

/// <summary>An export prepared in the background: one job per request and asOf, its file offered to a person who may export.</summary>
public sealed class ExportJobHttpTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly string _product = $"job-{Guid.NewGuid():N}"[..16];

    [Fact]
    public async Task A_job_is_found_again_by_its_request_and_asOf_counts_its_rows_and_offers_the_exact_file()
    {
        using var writer = host.Client(ApiHost.AppendKey);
        (await writer.PostEventsAsync($"{_product}-a", Batch(Started(_product),
            """{ "type": "proposal_generated", "data": { "proposalId": "p", "model": "gpt-x", "messages": [ { "role": "user", "content": "Where?" } ], "content": "Here.", "contentType": "text" } }""",
            """{ "type": "proposal_accepted", "data": { "proposalId": "p", "by": "ana" } }"""))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var jobs = host.Services.GetRequiredService<ExportJobs>();
        var asOf = await host.Services.GetRequiredService<DatasetExporter>().ResolveAsOfAsync(null);
        var request = new ExportRequest { Filter = new ExportFilter { Proposals = new() { Product = _product } }, Ratios = new(1, 0, 0) };

        var job = jobs.Start(request, asOf, total: 1).ShouldNotBeNull();
        jobs.Start(request with { AsOf = asOf }, asOf, total: 1).ShouldBeSameAs(job, "the same request at the same asOf is the same job");
        jobs.Find(request with { AsOf = asOf }, asOf).ShouldBeSameAs(job, "a reload of the pinned address finds it");
        for (var i = 0; i < 100 && job.IsRunning; i++) await Task.Delay(100);

        job.Error.ShouldBeNull();
        job.RowsDone.ShouldBe(1);
        using var reviewer = await host.SignedInAsync(await host.NewAccountAsync(AccessRoles.Reviewer));
        (await reviewer.GetAsync("/" + ExportJobEndpoints.FileAddress(job))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var engineer = await host.SignedInAsync(await host.NewAccountAsync(AccessRoles.MlEngineer));
        var bytes = await engineer.GetByteArrayAsync("/" + ExportJobEndpoints.FileAddress(job));
        Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(job.Manifest!.Files[0].Sha256);
        (await engineer.GetAsync("/export/job/unknown")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_erasure_withdraws_every_prepared_export_and_deletes_its_file_and_the_export_prepared_again_leaves_the_subject_out()
    {
        var subject = $"job-subject-{Guid.NewGuid():N}";
        using var writer = host.Client(ApiHost.AppendKey);
        (await writer.PostEventsAsync($"{_product}-s", Batch(
            $$"""{ "type": "interaction_started", "data": { "channel": "chat", "product": "{{_product}}", "subjectId": "{{subject}}", "input": "I am Ada Lovelace" } }""",
            """{ "type": "proposal_generated", "data": { "proposalId": "p", "model": "gpt-x", "messages": [ { "role": "user", "content": "Where?" } ], "content": "Dear Ada.", "contentType": "text" } }""",
            """{ "type": "proposal_accepted", "data": { "proposalId": "p", "by": "ana" } }"""))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var jobs = host.Services.GetRequiredService<ExportJobs>();
        var asOf = await host.Services.GetRequiredService<DatasetExporter>().ResolveAsOfAsync(null);
        var request = new ExportRequest { Filter = new ExportFilter { Proposals = new() { Product = _product } }, Ratios = new(1, 0, 0) };
        var job = jobs.Start(request, asOf, total: 1).ShouldNotBeNull();
        for (var i = 0; i < 100 && job.IsRunning; i++) await Task.Delay(100);
        job.RowsDone.ShouldBe(1);
        File.Exists(job.FilePath).ShouldBeTrue();

        using var admin = host.Client(ApiHost.AdminKey);
        (await admin.PostAsJsonAsync($"/api/subjects/{subject}/erase", new { reason = "Asked" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        File.Exists(job.FilePath).ShouldBeFalse("the prepared file could hold the erased data");
        jobs.Find(request, asOf).ShouldBeNull();
        using var engineer = await host.SignedInAsync(await host.NewAccountAsync(AccessRoles.MlEngineer));
        (await engineer.GetAsync("/" + ExportJobEndpoints.FileAddress(job))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var again = jobs.Start(request, asOf, total: 1).ShouldNotBeNull();
        again.ShouldNotBeSameAs(job);
        for (var i = 0; i < 100 && again.IsRunning; i++) await Task.Delay(100);
        (again.Error, again.RowsDone).ShouldBe((null, 0L), "the erased subject's stream is left out");
    }

    [Fact]
    public async Task A_failed_job_frees_its_slot_at_once_keeps_its_error_and_is_retried_by_the_next_start()
    {
        using var jobs = new ExportJobs(host.Services.GetRequiredService<DatasetExporter>(), NullLogger<ExportJobs>.Instance);
        var highWaterMark = await host.Services.GetRequiredService<DatasetExporter>().ResolveAsOfAsync(null);
        var request = new ExportRequest { Filter = new ExportFilter { Proposals = new() { Product = _product } } };
        // Pinned beyond the log, so each export fails when it starts.
        var failing = Enumerable.Range(1, ExportJobs.MaxJobs).Select(i => jobs.Start(request, highWaterMark + 1_000_000 + i, total: 0).ShouldNotBeNull()).ToList();
        for (var i = 0; i < 100 && failing.Any(job => job.IsRunning); i++) await Task.Delay(100);

        failing.ShouldAllBe(job => !job.IsRunning && job.Failed && job.Error!.Contains("beyond the log"));
        jobs.Find(request, highWaterMark + 1_000_001).ShouldBeSameAs(failing[0], "the error stays visible");
        var next = jobs.Start(request, highWaterMark, total: 0).ShouldNotBeNull("failed jobs hold no slot");
        for (var i = 0; i < 100 && next.IsRunning; i++) await Task.Delay(100);
        next.Error.ShouldBeNull();
        var retried = jobs.Start(request, highWaterMark + 1_000_001, total: 0).ShouldNotBeNull();
        retried.ShouldNotBeSameAs(failing[0], "starting a failed request again retries it");
    }
}
