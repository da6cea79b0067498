using EventWorkbench.Streams;
using EventWorkbench.Web.Features.Streams;

namespace EventWorkbench.Web.Tests.Streams;

public sealed class StreamsAddressTests
{
    [Fact]
    public void The_default_list_has_a_bare_address_and_every_choice_survives_the_round_trip()
    {
        StreamsAddress.For(new StreamFilter()).ShouldBe("streams");
        var filter = new StreamFilter("support replies", "refund & ünïcode", Page: 4, PageSize: 50, StreamSort.EventCount, Descending: false);

        var address = StreamsAddress.For(filter);

        address.ShouldBe("streams?product=support%20replies&text=refund%20%26%20%C3%BCn%C3%AFcode&sort=event_count&descending=false&pageSize=50&page=4");
        var (read, errors) = StreamsAddress.Read($"http://localhost/{address}");
        (read, errors.Count).ShouldBe((filter, 0));
    }

    [Fact]
    public void The_older_q_parameter_is_read_as_the_text()
    {
        StreamsAddress.Read("http://localhost/streams?q=liability").Filter.Text.ShouldBe("liability");
    }

    [Theory]
    [InlineData("streams?page=0", "page must be 1 or more")]
    [InlineData("streams?page=two", "page 'two' is not a whole number")]
    [InlineData("streams?pageSize=500", "pageSize must be between 1 and 200")]
    [InlineData("streams?descending=sometimes", "descending 'sometimes' is not true or false")]
    [InlineData("streams?sort=1", "sort '1' is not one of last_event_at, started_at, stream_id, product, event_count, proposals")]
    public void An_unreadable_address_gives_the_whole_list_and_the_reason(string address, string reason)
    {
        var (filter, errors) = StreamsAddress.Read($"http://localhost/{address}");

        filter.ShouldBe(new StreamFilter());
        errors.ShouldBe([reason]);
    }
}
