using EventWorkbench.History;
using EventWorkbench.Web.Features.Streams;
using Microsoft.Extensions.Configuration;

namespace EventWorkbench.Web.Tests.Streams;

public sealed class HistorySettingsTests
{
    private static long KeptBytes(string? value) =>
        StreamsServices.KeptHistoryBytes(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["History:KeptMegabytes"] = value }).Build());

    [Theory]
    [InlineData(null, StreamHistory.DefaultKeptJsonBytes)]
    [InlineData("", StreamHistory.DefaultKeptJsonBytes)]
    [InlineData("0", 0L)]
    [InlineData("8", 8L * 1024 * 1024)]
    public void The_history_keeps_32_megabytes_unless_told_otherwise(string? value, long bytes) => KeptBytes(value).ShouldBe(bytes);

    [Theory]
    [InlineData("-1")]
    [InlineData("lots")]
    [InlineData("1.5")]
    [InlineData("65537")]
    public void A_setting_that_is_not_a_size_stops_the_start_naming_it(string value) =>
        Should.Throw<InvalidOperationException>(() => KeptBytes(value)).Message
            .ShouldBe($"History:KeptMegabytes is '{value}': it takes a whole number of megabytes from 0 to 65536.");
}
