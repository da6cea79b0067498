using EventWorkbench.Streams;

namespace EventWorkbench.Demo;

/// <summary>Contract clauses drafted against the legal playbook, negotiated and approved by counsel.</summary>
internal sealed class ContractClauseDrafting : DemoProduct
{
    private static readonly string[] Counterparties = ["Northwind Logistics GmbH", "Contoso Health Ltd", "Fabrikam Retail B.V.", "Tailspin Analytics Inc.", "Wingtip Energy AB"];
    private static readonly string[] Laws = ["England and Wales", "Germany", "the Netherlands", "Sweden"];

    public override string Name => "contract-clause-drafting";
    public override string StreamPrefix => "contract";
    public override string ApiKey => "clause-drafter";
    public override string Mislabel => "contracts";
    public override IReadOnlyList<string> People => ["james.okafor", "claire.dubois", "rahul.mehta", "ingrid.holm"];
    public override IReadOnlyList<string> FeedbackTags => ["playbook", "too-aggressive", "too-soft", "clear", "missing-carve-out"];
    public override bool AgentChooses => false;

    public override string SystemPrompt(string promptVersion) => promptVersion switch
    {
        "v1" => "You are a commercial lawyer. Draft the requested contract clause.",
        "v2" => "You are a commercial lawyer drafting for the supplier. Follow the playbook position returned by the tools; " +
                "use defined terms consistently and plain English.",
        _ => "You draft clauses for the supplier's commercial contracts. Start from the playbook's standard position, move to a fallback only " +
             "when the request says so, keep defined terms (Agreement, Customer, Supplier, Fees) capitalised, and never cap liability for fraud or death.",
    };

    public override DemoChoice Choose(Random random, DemoCase interaction)
    {
        var fallback = random.Chance(0.4);
        return new DemoChoice("Which playbook position do we offer?", ["standard", "fallback-1", "fallback-2"], fallback ? "fallback-1" : "standard",
            fallback ? "Strategic account; sales approved the first fallback." : "No reason to move off the standard position in the first draft.");
    }

    public override DemoCase NextCase(Random random, int number)
    {
        var counterparty = random.Pick(Counterparties);
        var law = random.Pick(Laws);
        var months = random.Pick(new[] { 12, 12, 18 });
        var context = new { matter = $"M-{2025}-{number:D4}", counterparty, contractType = random.Pick(new[] { "MSA", "SaaS subscription", "DPA" }), jurisdiction = law };
        var scenario = random.Between(0, 3);
        var first = scenario switch
        {
            0 => Liability(random, counterparty, months),
            1 => Confidentiality(random, counterparty),
            2 => Termination(random, counterparty, law),
            _ => KeyTerms(random, counterparty, law),
        };
        var followUp = Fallback(random, counterparty, months);
        var subject = random.Chance(0.3) ? $"contact-{random.Between(100, 999)}" : null;
        return new DemoCase("drafting-panel", subject, first.Prompt, context, first, followUp);
    }

    private static DemoSkillCall Playbook(Random random, string clause, string position) =>
        new("playbook_lookup", new { clause }, new { standard = position, fallbacks = 2 }, random.Between(80, 350));

    private static DemoTurn Liability(Random random, string counterparty, int months)
    {
        var content = $"""
            **12. Limitation of Liability**

            12.1 Nothing in this Agreement limits either party's liability for death or personal injury caused by negligence, for fraud or fraudulent misrepresentation, or for any liability that cannot be limited by law.

            12.2 Subject to clause 12.1, each party's total aggregate liability arising out of or in connection with this Agreement shall not exceed the Fees paid or payable by the Customer in the {months} months preceding the event giving rise to the claim.

            12.3 Subject to clause 12.1, neither party shall be liable for any loss of profits, loss of business, or indirect or consequential loss.
            """;
        return new DemoTurn($"Draft a limitation of liability clause for the MSA with {counterparty}. Cap at {months} months of fees; standard carve-outs.",
            [Playbook(random, "limitation-of-liability", $"{months} months' fees"), new DemoSkillCall("clause_library_search", new { query = "limitation of liability SaaS" }, new { matches = random.Between(3, 9) }, random.Between(150, 600))],
            ContentType.Markdown, content,
            $"Playbook standard is a cap of {months} months' fees with the statutory carve-outs; mutual exclusion of indirect loss is standard for this contract type.",
            new DemoTweak("shall not exceed", "shall in no event exceed"),
            new DemoTweak("loss of business,", "loss of business, loss of data,"),
            $"""
            **12. Limitation of Liability**

            12.1 Neither party excludes or limits liability for death or personal injury caused by its negligence, fraud, or any other liability which cannot lawfully be excluded or limited.

            12.2 The Supplier's liability for breach of clause 9 (Data Protection) is capped at three times the annual Fees.

            12.3 Otherwise, each party's aggregate liability in each contract year is limited to the Fees paid in that year.
            """,
            "Cap must be per contract year for a multi-year MSA, and the data protection super-cap is missing.");
    }

    private static DemoTurn Confidentiality(Random random, string counterparty)
    {
        var content = "Each party shall keep the other party's Confidential Information confidential and shall not use it except to perform its obligations " +
                      "under this Agreement. This obligation continues for five (5) years after termination, and indefinitely for trade secrets. " +
                      "It does not apply to information that is or becomes public other than through a breach of this clause, or that must be disclosed by law.";
        return new DemoTurn($"Confidentiality clause for the agreement with {counterparty}; they asked for a 3-year survival period.",
            [Playbook(random, "confidentiality", "5 years, trade secrets indefinitely")],
            ContentType.Text, content,
            "Counterparty wants 3 years; playbook minimum is 5 years with indefinite protection for trade secrets, so hold the standard in the first draft.",
            new DemoTweak("continues for five (5) years after termination", "continues for five (5) years after expiry or termination"),
            new DemoTweak("must be disclosed by law.", "must be disclosed by law, provided the disclosing party gives prompt notice where lawful."),
            "Confidential Information may be used only for this Agreement and disclosed only to personnel and advisers who need it and are bound by equivalent duties. " +
            "These obligations survive for three (3) years after termination (trade secrets: for as long as they remain trade secrets).",
            "We agreed 3 years on the call; drafting 5 reopens a closed point.");
    }

    private static DemoTurn Termination(Random random, string counterparty, string law)
    {
        var content = $"Either party may terminate this Agreement for convenience on ninety (90) days' written notice, but not so as to take effect before the end " +
                      $"of the Initial Term. On termination the Customer shall pay all Fees accrued up to the termination date. This clause is governed by the laws of {law}.";
        return new DemoTurn($"Termination for convenience for {counterparty}: they want 30 days' notice at any time.",
            [Playbook(random, "termination-for-convenience", "90 days, not before end of Initial Term")],
            ContentType.Text, content,
            "30 days at any time would let the customer exit the committed term; playbook requires notice expiring no earlier than the Initial Term.",
            new DemoTweak("ninety (90) days'", "sixty (60) days'"),
            new DemoTweak("accrued up to", "accrued and unpaid up to"),
            "The Customer may terminate for convenience on thirty (30) days' written notice after the first anniversary of the Effective Date, subject to an early termination fee equal to three (3) months' Fees.",
            $"Governing law does not belong in this clause; it is already in clause 24 ({law}).");
    }

    private static DemoTurn KeyTerms(Random random, string counterparty, string law)
    {
        var fees = random.Between(40, 400) * 1_000;
        var content = $$"""{"counterparty":"{{counterparty}}","term":"36 months","fees":{"annual":{{fees}},"currency":"EUR"},"liabilityCap":"24 months' fees","governingLaw":"{{law}}","autoRenewal":true,"deviations":["liability cap above playbook (12 months)"]}""";
        return new DemoTurn($"Extract the key commercial terms from {counterparty}'s markup and flag deviations from our playbook.",
            [new DemoSkillCall("document_parse", new { document = "counterparty-markup-v3.docx" }, new { pages = random.Between(14, 38), clauses = random.Between(30, 70) }, random.Between(2_000, 9_000)),
             Playbook(random, "all", "standard positions")],
            ContentType.Json, content,
            "Parsed the markup's definitions and schedule 2; only the liability cap deviates from the playbook.",
            new DemoTweak("\"autoRenewal\":true", "\"autoRenewal\":false"),
            new DemoTweak("\"term\":\"36 months\"", "\"term\":\"36 months (initial)\""),
            $$"""{"counterparty":"{{counterparty}}","term":"24 months","fees":{"annual":{{fees}},"currency":"EUR"},"liabilityCap":"12 months' fees","governingLaw":"{{law}}","autoRenewal":false,"deviations":[]}""",
            "Parsed the wrong version of the markup (v2, not v3).");
    }

    private static DemoTurn Fallback(Random random, string counterparty, int months)
    {
        var content = $"12.2 Subject to clause 12.1, each party's total aggregate liability shall not exceed the greater of (a) the Fees paid in the {months + 6} months " +
                      $"preceding the claim and (b) EUR 500,000.";
        return new DemoTurn($"{counterparty} rejected the cap. Draft our first fallback position for clause 12.2.",
            [Playbook(random, "limitation-of-liability", $"fallback-1: {months + 6} months or EUR 500k")],
            ContentType.Text, content, "Fallback 1 of the playbook: longer look-back plus a fixed floor.",
            new DemoTweak("EUR 500,000", "EUR 750,000"),
            new DemoTweak("preceding the claim", "preceding the event giving rise to the claim"),
            "12.2 Each party's aggregate liability is limited to EUR 1,000,000 per contract year.",
            "Fallbacks need the deal desk's sign-off first.");
    }
}
