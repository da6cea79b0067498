using Bunit;
using EventWorkbench.Audit;
using EventWorkbench.Web.Features.Seals;
using EventWorkbench.Web.Tests.Access;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EventWorkbench.Web.Tests.Seals;

/// <summary>The seals page: seal now, the list with its downloads, verify with its verdict, and a kept copy checked.</summary>
public sealed class SealsPageTests : AccessTestContext, IClassFixture<AccessDatabase>
{
    public SealsPageTests(AccessDatabase database) : base(database, services =>
    {
        // Made by the container, so it is disposed with it.
        services.AddSingleton(_ => NpgsqlDataSource.Create(database.Database.AppConnectionString));
        services.AddSingleton(new SealLog(database.Store));
        services.AddSingleton(sp => new LogSealer(database.Store, sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton(sp => new LogVerifier(sp.GetRequiredService<SealLog>(), sp.GetRequiredService<NpgsqlDataSource>()));
    })
    {
    }

    [Fact]
    public async Task Seal_now_lists_the_seal_with_its_download_and_verify_says_intact()
    {
        // Something new to seal: an account created is an event on the access log.
        (await Database.Accounts.CreateAsync($"sealed-{Guid.NewGuid():N}"[..16], AccessHttp.Password, [EventWorkbench.Access.AccessRoles.Viewer],
            EventWorkbench.Access.AccessActor.System)).Refusal.ShouldBeNull();
        var page = RenderPage<SealsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=seals]").TextContent.ShouldNotContain("Loading"), Wait);

        await page.Find("[data-testid=seal-now]").ClickAsync(new());

        page.WaitForAssertion(() => page.Find("[data-testid=seal-message]").TextContent.ShouldContain("Sealed sequences"), Wait);
        var row = page.FindAll("[data-testid=seal-row]")[0];
        row.TextContent.ShouldContain(AccessDatabase.Admin);
        row.QuerySelector("[data-testid=seal-download]")!.GetAttribute("href").ShouldStartWith($"{SealsEndpoints.CopyPath}/");

        await page.Find("[data-testid=verify]").ClickAsync(new());

        page.WaitForAssertion(() => page.Find("[data-testid=verdict]").TextContent.ShouldContain("Intact"), Wait);
        page.FindAll("[data-testid=verdict-problem]").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_kept_copy_is_checked_and_a_file_that_is_not_one_gets_a_readable_message()
    {
        var sealer = Services.GetRequiredService<LogSealer>();
        await sealer.SealAsync("someone");
        var seal = (await Services.GetRequiredService<SealLog>().ListAsync())[^1];
        var page = RenderPage<SealsPage>();
        page.WaitForAssertion(() => page.FindAll("[data-testid=seal-row]").ShouldNotBeEmpty(), Wait);

        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromText(SealCopy.Write(seal), "kept.json"));
        page.WaitForAssertion(() => page.Find("[data-testid=seal-message]").TextContent.ShouldContain($"still holds seal {seal.Number}"), Wait);

        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromText("<html>not a seal</html>", "page.html"));
        page.WaitForAssertion(() => page.Find("[data-testid=seal-message]").TextContent.ShouldContain("page.html: The copy is not the JSON of a seal"), Wait);
    }
}
