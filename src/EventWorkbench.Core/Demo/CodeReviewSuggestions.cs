using EventWorkbench.Streams;

namespace EventWorkbench.Demo;

/// <summary>Pull-request review comments and suggested patches, accepted or dismissed by the reviewers.</summary>
internal sealed class CodeReviewSuggestions : DemoProduct
{
    private static readonly string[] Repositories = ["acme/billing-service", "acme/storefront-web", "acme/data-pipeline", "acme/mobile-api"];
    private static readonly string[] Authors = ["jdoe", "mkowalski", "achen", "bnwosu", "tlindqvist"];

    public override string Name => "code-review-suggestions";
    public override string StreamPrefix => "review";
    public override string ApiKey => "review-bot-ci";
    public override string Mislabel => "code-review";
    public override IReadOnlyList<string> People => ["dev.sharma", "lena.fischer", "marco.bianchi", "hye-jin.park"];
    public override IReadOnlyList<string> FeedbackTags => ["false-positive", "helpful", "nit", "security", "style"];
    public override bool AgentChooses => true;

    public override string SystemPrompt(string promptVersion) => promptVersion switch
    {
        "v1" => "You are a senior engineer reviewing a pull request. Point out bugs.",
        "v2" => "You are a senior engineer reviewing a pull request. Report only defects that change behaviour (bugs, security, data loss), " +
                "each with the file and line. Do not comment on style.",
        _ => "You review pull requests for correctness. For each real defect give file, line, why it breaks and a minimal fix. " +
             "Prefer one precise comment over many vague ones; if the diff is fine, say so. Never comment on formatting.",
    };

    public override DemoChoice Choose(Random random, DemoCase interaction)
    {
        var large = interaction.Input.Length > 600;
        return new DemoChoice("Review depth", ["quick-scan", "full-review"], large ? "full-review" : "quick-scan",
            large ? "Diff touches data access code; running linters and tests before commenting." : "Small diff; linting is enough.");
    }

    public override DemoCase NextCase(Random random, int number)
    {
        var repository = random.Pick(Repositories);
        var pullRequest = random.Between(800, 2_400);
        var author = random.Pick(Authors);
        var context = new { repository, pullRequest, author, baseBranch = "main", headSha = $"{random.Between(0x1000000, 0xFFFFFFF):x7}" };
        var scenario = random.Between(0, 3);
        var first = scenario switch
        {
            0 => NullCustomer(random),
            1 => SqlInjection(random),
            2 => MissingAwait(random),
            _ => Migration(random),
        };
        var followUp = ReReview(random, scenario);
        return new DemoCase("pull-request", null, first.Prompt, context, first, followUp);
    }

    private static List<DemoSkillCall> Checks(Random random, string file, int warnings, int failed) =>
    [
        new DemoSkillCall("fetch_diff", new { file }, new { files = 1, additions = random.Between(2, 30), deletions = random.Between(0, 12) }, random.Between(200, 900)),
        new DemoSkillCall("run_linter", new { file }, new { warnings }, random.Between(1_500, 6_000)),
        new DemoSkillCall("run_tests", new { suite = "unit" }, new { passed = random.Between(120, 900), failed }, random.Between(20_000, 90_000), Succeeded: failed == 0),
    ];

    private static DemoTurn NullCustomer(Random random)
    {
        var diff = """
            --- a/src/Billing/InvoiceService.cs
            +++ b/src/Billing/InvoiceService.cs
            @@ -41,7 +41,9 @@ public sealed class InvoiceService
                 public async Task<Invoice> CreateAsync(Order order, CancellationToken ct)
                 {
            -        var customer = await _customers.GetAsync(order.CustomerId, ct);
            +        var customer = await _customers.FindAsync(order.CustomerId, ct);
            +        var vatId = customer.VatId.Trim();
                     var lines = order.Lines.Select(ToInvoiceLine).ToList();
            """;
        var content = """
            **Possible `NullReferenceException` (line 45).** `FindAsync` returns `null` when the customer was deleted, unlike `GetAsync`, which threw a clear `CustomerNotFoundException`. `VatId` is also `null` for consumers, so `.Trim()` fails for every B2C order.

            Suggested fix:

            ```csharp
            var customer = await _customers.FindAsync(order.CustomerId, ct)
                ?? throw new CustomerNotFoundException(order.CustomerId);
            var vatId = customer.VatId?.Trim();
            ```
            """;
        return new DemoTurn($"Review this diff:\n\n{diff}", Checks(random, "src/Billing/InvoiceService.cs", 1, 0), ContentType.Markdown, content,
            "FindAsync's contract returns null; VatId is declared string? in Customer.cs. Both dereferences are reachable from the B2C checkout path.",
            new DemoTweak("**Possible `NullReferenceException` (line 45).**", "**`NullReferenceException` for B2C orders (line 45).**"),
            new DemoTweak("Suggested fix:", "Suggested fix (keeps the old exception for deleted customers):"),
            "Please keep `GetAsync` here - invoices for deleted customers must fail loudly - and read the VAT id as `customer.VatId?.Trim()` since consumers have none.",
            random.Pick(new[] { "False positive on the first point: the caller already checks the customer exists.", "VatId is normalised on save; Trim() is never needed." }));
    }

    private static DemoTurn SqlInjection(Random random)
    {
        var diff = """
            --- a/pipeline/exports/customers.py
            +++ b/pipeline/exports/customers.py
            @@ -18,6 +18,9 @@ def export_segment(conn, segment: str, since: date):
            -    rows = conn.execute(QUERY, {"segment": segment, "since": since})
            +    query = f"SELECT id, email, country FROM customers WHERE segment = '{segment}' AND created_at >= '{since}'"
            +    rows = conn.execute(query)
                 return [Row(*r) for r in rows]
            """;
        var content = """
            -    query = f"SELECT id, email, country FROM customers WHERE segment = '{segment}' AND created_at >= '{since}'"
            -    rows = conn.execute(query)
            +    rows = conn.execute(
            +        "SELECT id, email, country FROM customers WHERE segment = %(segment)s AND created_at >= %(since)s",
            +        {"segment": segment, "since": since},
            +    )
            """;
        return new DemoTurn($"Review this diff:\n\n{diff}", Checks(random, "pipeline/exports/customers.py", 2, 0), ContentType.Code, content,
            "segment comes from the export API's query string: string formatting it into SQL is an injection. Restore bound parameters.",
            new DemoTweak("%(segment)s AND", "%(segment)s\n        AND"),
            new DemoTweak("rows = conn.execute(\n", "rows = conn.execute(  # parameters are bound by the driver\n"),
            """
            +    rows = conn.execute(QUERY, {"segment": segment, "since": since})
            """,
            "Not reachable: segment is validated against an enum two frames up.");
    }

    private static DemoTurn MissingAwait(Random random)
    {
        var diff = """
            --- a/web/src/cart/useCart.ts
            +++ b/web/src/cart/useCart.ts
            @@ -22,8 +22,8 @@ export function useCart(userId: string) {
               useEffect(() => {
            -    loadCart(userId).then(setCart).catch(reportError);
            +    const cart = loadCart(userId);
            +    setCart(cart);
               }, [userId]);
            """;
        var content = """
            `loadCart` returns a `Promise<Cart>`, so `setCart` now receives the promise itself and the cart renders empty; errors are no longer reported. Suggest:

            ```ts
            useEffect(() => {
              let cancelled = false;
              loadCart(userId).then(c => { if (!cancelled) setCart(c); }).catch(reportError);
              return () => { cancelled = true; };
            }, [userId]);
            ```
            """;
        return new DemoTurn($"Review this diff:\n\n{diff}", Checks(random, "web/src/cart/useCart.ts", 0, 1), ContentType.Markdown, content,
            "Type checker is lenient here because setCart accepts any; the failing CartPage test shows the empty cart.",
            new DemoTweak("Suggest:", "Suggest (also avoids a state update after unmount):"),
            new DemoTweak("the cart renders empty", "the cart renders empty (see the failing `CartPage` test)"),
            "Revert to the original line: `loadCart(userId).then(setCart).catch(reportError);` - the refactor gains nothing.",
            "Already fixed in the next commit of this PR.");
    }

    private static DemoTurn Migration(Random random)
    {
        var diff = """
            --- /dev/null
            +++ b/migrations/0147_orders_channel.sql
            @@ -0,0 +1,2 @@
            +ALTER TABLE orders ADD COLUMN channel text NOT NULL;
            +CREATE INDEX orders_channel_idx ON orders (channel);
            """;
        var content = """
            {"findings":[{"file":"migrations/0147_orders_channel.sql","line":1,"severity":"blocker","message":"Adding a NOT NULL column without a default fails on the existing 41M rows."},{"file":"migrations/0147_orders_channel.sql","line":2,"severity":"major","message":"CREATE INDEX without CONCURRENTLY locks orders for writes during the build."}]}
            """;
        return new DemoTurn($"Review this diff:\n\n{diff}", Checks(random, "migrations/0147_orders_channel.sql", 0, 0), ContentType.Json, content,
            "orders has 41M rows per table statistics; both statements take ACCESS EXCLUSIVE / SHARE locks on a hot table.",
            new DemoTweak("\"severity\":\"major\"", "\"severity\":\"blocker\""),
            new DemoTweak("fails on the existing 41M rows.", "fails on the existing 41M rows; add DEFAULT 'web' first."),
            """{"findings":[{"file":"migrations/0147_orders_channel.sql","line":1,"severity":"blocker","message":"Split into: add nullable column, backfill in batches, then SET NOT NULL."}]}""",
            "Migration runs in the maintenance window with the table empty in that environment.");
    }

    private static DemoTurn ReReview(Random random, int scenario)
    {
        var content = scenario == 3
            ? """{"findings":[]}"""
            : "Thanks for the update - the new revision handles the case correctly. One remaining point: please add a regression test for the path fixed above.";
        return new DemoTurn("The author pushed a new revision addressing the comments. Re-review the incremental diff.",
            [new DemoSkillCall("fetch_diff", new { revision = 2 }, new { files = 1, additions = random.Between(3, 12), deletions = random.Between(2, 9) }, random.Between(200, 900))],
            scenario == 3 ? ContentType.Json : ContentType.Markdown, content, "Incremental diff addresses the earlier finding; only test coverage is missing.",
            scenario == 3 ? new DemoTweak("[]", "[ ]") : new DemoTweak("Thanks for the update", "Thanks for the quick update"),
            scenario == 3 ? new DemoTweak("{\"findings\"", "{ \"findings\"") : new DemoTweak("please add", "could you add"),
            scenario == 3 ? """{"findings":[],"approved":true}""" : "LGTM now. Approving.",
            "The new revision introduces a regression the bot missed.");
    }
}
