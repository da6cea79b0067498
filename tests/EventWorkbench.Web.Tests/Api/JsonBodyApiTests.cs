using System.Net;
using System.Text;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>
/// The endpoints whose JSON body the framework reads (an erasure's and a cancel's reason): a body that does not read
/// gets 400 naming the field at fault and what is wrong, as the append's do.
/// </summary>
public sealed class JsonBodyApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _admin = host.Client(ApiHost.AdminKey);

    public static TheoryData<string> Endpoints => new() { "/api/subjects/someone/erase", "/api/projections/ProposalReview/rebuild/cancel" };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_reason_of_the_wrong_type_gets_400_naming_reason(string path)
    {
        var problem = await (await _admin.PostAsync(path, Json.Body("""{ "reason": 5 }"""))).ProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsFor("reason").ShouldNotBeEmpty(problem.ToJsonString());
        problem["detail"]!.ToString().ShouldStartWith("reason:");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Broken_json_gets_400_saying_the_body_is_not_valid_json_and_where(string path)
    {
        var problem = await (await _admin.PostAsync(path, new StringContent("""{ "reason": "x" """, Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsFor("body").Single().ShouldStartWith("is not valid JSON", customMessage: problem.ToJsonString());
        problem["detail"]!.ToString().ShouldContain("(line 1, byte");
    }
}
