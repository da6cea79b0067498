using EventWorkbench.Streams;
using static EventWorkbench.Demo.DemoRandom;

namespace EventWorkbench.Demo;

/// <summary>Customer e-mails and chats answered by a drafting assistant, reviewed by support agents.</summary>
internal sealed class SupportReplies : DemoProduct
{
    private static readonly string[] Customers = ["Maria", "Jonas", "Aisha", "Tom", "Yuki", "Liam", "Sofia", "Omar", "Chloe", "Mateo", "Hannah", "Ravi"];
    private static readonly string[] Items = ["standing desk frame", "noise-cancelling headphones", "espresso grinder", "ergonomic office chair", "monitor arm", "trail running shoes"];
    private static readonly string[] Carriers = ["DHL", "UPS", "DPD", "GLS"];
    private static readonly string[] Hubs = ["Leipzig", "Venlo", "Erfurt", "Bratislava"];
    private static readonly string[] Plans = ["Basic", "Plus", "Business"];

    public override string Name => "support-replies";
    public override string StreamPrefix => "support";
    public override string ApiKey => "support-desk-prod";
    public override string Mislabel => "support";
    public override IReadOnlyList<string> People => ["elena.marsh", "david.osei", "kofi.mensah", "lucia.romano"];
    public override IReadOnlyList<string> FeedbackTags => ["tone", "accuracy", "policy", "empathy", "too-long"];
    public override bool AgentChooses => true;

    public override string SystemPrompt(string promptVersion) => promptVersion switch
    {
        "v1" => "You are a customer support assistant for Lumen Home. Answer the customer's message politely.",
        "v2" => "You are a customer support assistant for Lumen Home. Answer in the customer's language, in under 150 words. " +
                "Only state facts returned by the tools; never invent tracking numbers, dates or amounts.",
        _ => "You draft replies for Lumen Home's support agents. Be warm and concise (under 150 words), use the customer's first name, " +
             "state only facts returned by the tools, follow the refund and replacement policy exactly, and end with one clear next step.",
    };

    public override DemoChoice Choose(Random random, DemoCase interaction)
    {
        var billing = interaction.Input.Contains("charged", StringComparison.Ordinal);
        return new DemoChoice("How should this ticket be handled?", ["draft-reply", "human-only", "escalate-billing"],
            billing ? "escalate-billing" : "draft-reply",
            billing ? "Payment disputes go to the billing team; a draft is still prepared for them." : "Routine request with tool data available; drafting a reply for agent review.");
    }

    public override DemoCase NextCase(Random random, int number)
    {
        var name = random.Pick(Customers);
        var customer = $"cust-{random.Between(10_000, 99_999)}";
        var order = $"A{random.Between(400_000, 499_999)}";
        var item = random.Pick(Items);
        var day = random.Between(0, 40);
        var context = new { customerId = customer, ticketId = $"T-{20_000 + number}", locale = "en-GB", plan = random.Pick(Plans) };
        var channel = random.Pick(new[] { "email", "chat", "email", "web-form" });
        var scenario = random.Between(0, 4);
        var (input, first) = scenario switch
        {
            0 => LateDelivery(random, name, order, item, day),
            1 => Refund(random, name, order, item, day),
            2 => DoubleCharge(random, name, day),
            3 => Locked(random, name),
            _ => Damaged(random, name, order, item, day),
        };
        var followUp = FollowUp(random, name, order, scenario);
        return new DemoCase(channel, customer, input, context, first, followUp);
    }

    private static (string, DemoTurn) LateDelivery(Random random, string name, string order, string item, int day)
    {
        var carrier = random.Pick(Carriers);
        var hub = random.Pick(Hubs);
        var input = $"Hi, I ordered a {item} on {Day(day)} (order {order}) and it still hasn't arrived. The tracking page hasn't changed in four days. What is going on?";
        var content = $"Hi {name},\n\nThanks for getting in touch, and I'm sorry your {item} is taking longer than expected. I checked order {order}: " +
                      $"it left our warehouse on {Day(day + 1)} and {carrier} last scanned it at their {hub} hub. Their current estimate is delivery by {Day(day + 9)}.\n\n" +
                      $"If it hasn't arrived by then, just reply to this email and we'll send a replacement or refund you in full, whichever you prefer.\n\nBest regards,\nLumen Home Support";
        var rewrite = $"Hi {name},\n\nI'm sorry for the wait. {carrier} has not moved your parcel since {Day(day + 3)}, so rather than ask you to wait longer " +
                      $"I've shipped a replacement {item} today with express delivery; you'll get the tracking link within the hour.\n\n" +
                      $"If the original parcel turns up, simply refuse it and it comes back to us at no cost to you.\n\nBest regards,\nLumen Home Support";
        return (input, new DemoTurn(
            $"Customer message:\n{input}\n\nTool results: order {order} shipped {Day(day + 1)} with {carrier}; last scan {hub} hub; carrier ETA {Day(day + 9)}.",
            [
                new DemoSkillCall("order_lookup", new { orderId = order }, new { status = "in_transit", carrier, shippedOn = IsoDay(day + 1) }, random.Between(40, 180)),
                new DemoSkillCall("carrier_tracking", new { carrier, orderId = order }, new { lastScan = $"{hub} hub", lastScanOn = IsoDay(day + 3), eta = IsoDay(day + 9) }, random.Between(300, 1_400)),
            ],
            ContentType.Text, content,
            $"Order is in transit, not lost: the last scan is recent enough to trust the carrier ETA. Policy: offer replacement or refund only after the ETA passes.",
            new DemoTweak("I'm sorry your", "I'm really sorry your"),
            new DemoTweak("whichever you prefer.", "whichever you prefer - no need to send anything back."),
            rewrite,
            random.Pick(new[] { "The parcel has not moved for four days; policy says we reship after 72 hours without a scan.", "Wrong ETA: the model used the order date, not the ship date." })));
    }

    private static (string, DemoTurn) Refund(Random random, string name, string order, string item, int day)
    {
        var days = random.Between(31, 45);
        var input = $"I bought the {item} {days} days ago (order {order}) and it's just not right for me. I'd like to return it for a refund please.";
        var content = $"Hi {name},\n\nThanks for letting us know. Our standard return window is 30 days, and order {order} was delivered {days} days ago, " +
                      $"so it falls just outside it. As a one-off, we can still accept the return for store credit of the full amount.\n\n" +
                      $"If you'd like to go ahead, reply \"yes\" and I'll send a prepaid return label.\n\nKind regards,\nLumen Home Support";
        var rewrite = $"Hi {name},\n\nThank you for your message. Because you're a long-standing customer, we're happy to make an exception: " +
                      $"send the {item} back with the prepaid label attached and we'll refund the full amount to your original payment method " +
                      $"within 5 working days of receiving it.\n\nKind regards,\nLumen Home Support";
        return (input, new DemoTurn(
            $"Customer message:\n{input}\n\nTool results: order {order} delivered {days} days ago; return window 30 days; customer has 6 previous orders.",
            [
                new DemoSkillCall("order_lookup", new { orderId = order }, new { status = "delivered", deliveredDaysAgo = days }, random.Between(40, 180)),
                new DemoSkillCall("policy_search", new { query = "return outside 30 days" }, new { article = "KB-118", rule = "Outside 30 days: store credit at agent discretion" }, random.Between(90, 400)),
            ],
            ContentType.Text, content,
            "Delivered outside the 30-day window. KB-118 allows store credit at the agent's discretion; a cash refund would need a team lead.",
            new DemoTweak("Thanks for letting us know.", "Thanks for letting us know, and sorry it didn't work out."),
            new DemoTweak("a prepaid return label", "a prepaid return label straight away"),
            rewrite,
            "Customer has six previous orders; the team lead approved a full refund, not store credit."));
    }

    private static (string, DemoTurn) DoubleCharge(Random random, string name, int day)
    {
        var amount = random.Between(29, 240) + 0.99m;
        var input = $"You charged my card twice on {Day(day)} for {Money(amount)} EUR. Please fix this immediately.";
        var content = $"Hi {name},\n\nI'm sorry about the double charge. Here is what I found:\n\n" +
                      $"- **{Day(day)}, 09:14** - {Money(amount)} EUR, order payment (captured)\n" +
                      $"- **{Day(day)}, 09:15** - {Money(amount)} EUR, duplicate authorisation (not captured)\n\n" +
                      $"The second line is a pending authorisation, not a charge: your bank will release it automatically within 3-5 working days. " +
                      $"If it is still there after that, reply here and we'll raise it with our payment provider.\n\nBest,\nLumen Home Support";
        var rewrite = $"Hi {name},\n\nYou're right, and I apologise: both payments of {Money(amount)} EUR on {Day(day)} were captured. " +
                      $"I've refunded the duplicate today; it will show on your statement within 5 working days.\n\nBest,\nLumen Home Support";
        return (input, new DemoTurn(
            $"Customer message:\n{input}\n\nTool results: two card transactions of {Money(amount)} EUR on {Day(day)}.",
            [new DemoSkillCall("payments_lookup", new { customerDay = IsoDay(day) }, new { transactions = 2, captured = 1, amount }, random.Between(120, 600))],
            ContentType.Markdown, content,
            "Two transactions, but the payment provider shows one capture and one authorisation: explain the authorisation release, no refund needed.",
            new DemoTweak("I'm sorry about the double charge.", "I'm sorry about the double charge and the worry it caused."),
            new DemoTweak("3-5 working days", "3 to 5 working days"),
            rewrite,
            "Payment provider confirms both were captured; the draft tells the customer to wait for something that won't happen."));
    }

    private static (string, DemoTurn) Locked(Random random, string name)
    {
        var input = "I got a new phone and now I can't log in - it keeps asking for the authenticator code and I don't have the old app anymore.";
        var content = $"Hi {name},\n\nNo problem, this happens a lot after a phone change. For your security we can't switch off two-step login from here, " +
                      $"but you can reset it yourself:\n\n1. On the login page choose \"Use a recovery code\".\n2. Enter one of the recovery codes you saved when you set up two-step login.\n" +
                      $"3. Once you're in, go to Settings > Security and connect your new phone.\n\nIf you don't have your recovery codes, reply here and we'll verify your identity another way.\n\nBest,\nLumen Home Support";
        var rewrite = $"Hi {name},\n\nSorry for the trouble. I've started an identity check for your account: you'll receive an email with a one-time link valid for 24 hours. " +
                      $"Open it on your new phone and you'll be asked to set up the authenticator again.\n\nBest,\nLumen Home Support";
        return (input, new DemoTurn(
            $"Customer message:\n{input}\n\nTool results: account has 2FA enabled; 8 unused recovery codes.",
            [new DemoSkillCall("account_lookup", new { field = "mfa" }, new { mfaEnabled = true, unusedRecoveryCodes = random.Between(3, 8) }, random.Between(40, 160))],
            ContentType.Markdown, content,
            "Customer has unused recovery codes, so self-service reset is the fastest and safest path. Do not disable 2FA from support.",
            new DemoTweak("No problem, this happens a lot after a phone change.", "No problem at all - this happens a lot after a phone change."),
            new DemoTweak("go to Settings > Security", "open Settings > Security"),
            rewrite,
            "Customer said they never saved recovery codes; pointing them at codes is a dead end."));
    }

    private static (string, DemoTurn) Damaged(Random random, string name, string order, string item, int day)
    {
        var input = $"My {item} (order {order}) arrived today with a cracked part. Photo attached. What now?";
        var content = $"Hi {name},\n\nI'm sorry your {item} arrived damaged, and thank you for the photo - it clearly shows the crack. " +
                      $"I've arranged a free replacement, which will ship tomorrow. You don't need to return the damaged one; please recycle it locally.\n\n" +
                      $"Best regards,\nLumen Home Support";
        var rewrite = $"Hi {name},\n\nThat's not the condition it should arrive in - sorry. Would you prefer a replacement (ships tomorrow) or a full refund? " +
                      $"Either way you can keep or recycle the damaged one, no return needed.\n\nBest regards,\nLumen Home Support";
        return (input, new DemoTurn(
            $"Customer message:\n{input}\n\nTool results: order {order} delivered {Day(day)}; item in stock; image classifier: damage visible.",
            [
                new DemoSkillCall("order_lookup", new { orderId = order }, new { status = "delivered", deliveredOn = IsoDay(day) }, random.Between(40, 180)),
                new DemoSkillCall("image_check", new { attachment = "photo-1.jpg" }, new { damageVisible = true, confidence = 0.93 }, random.Between(600, 2_000)),
                new DemoSkillCall("inventory_check", new { item }, new { inStock = true, warehouse = "DE-1" }, random.Between(30, 120)),
            ],
            ContentType.Text, content,
            "Damage confirmed from the photo, item in stock: replacement without return is cheaper than reverse logistics for this value.",
            new DemoTweak("I've arranged a free replacement", "I've already arranged a free replacement"),
            new DemoTweak("please recycle it locally.", "please recycle it locally or keep any parts you can use."),
            rewrite,
            "Customer asked 'what now' - we should offer the choice of refund or replacement, not decide for them."));
    }

    private static DemoTurn FollowUp(Random random, string name, string order, int scenario)
    {
        var question = scenario == 2
            ? "It is still showing as pending after a week. Can you check again?"
            : "Thanks. Could you send it to my office address instead? It's Hafenstrasse 12, 20457 Hamburg.";
        var content = scenario == 2
            ? $"Hi {name},\n\nThanks for checking back. I've asked our payment provider to release the authorisation manually; you'll get a confirmation email from them within 24 hours.\n\nBest,\nLumen Home Support"
            : $"Hi {name},\n\nOf course. I've updated order {order} to deliver to Hafenstrasse 12, 20457 Hamburg. The change applies before the parcel leaves the hub, so you don't need to do anything else.\n\nBest,\nLumen Home Support";
        return new DemoTurn(question,
            [new DemoSkillCall(scenario == 2 ? "payments_release" : "address_update", new { orderId = order }, new { ok = true }, random.Between(100, 700))],
            ContentType.Text, content, "Follow-up on the same ticket; the tool call succeeded, confirm what changed and stop.",
            new DemoTweak("Best,", "Kind regards,"),
            new DemoTweak($"Hi {name},", $"Hello {name},"),
            $"Hi {name},\n\nDone - I've taken care of it and noted it on your ticket. Anything else, just reply here.\n\nKind regards,\nLumen Home Support",
            "Address changes after dispatch must go through the carrier; the draft promises something we can't do.");
    }
}
