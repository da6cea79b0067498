namespace EventWorkbench.Web.Features.Streams;

/// <summary>The streams list as the user last saw it (one per circuit), so a stream page leads back to that page.</summary>
public sealed class StreamsTrail
{
    public string Address { get; set; } = StreamsAddress.Path;
}
