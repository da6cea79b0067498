using EventWorkbench.Ingest;

namespace EventWorkbench.Web.Api;

/// <summary>The <c>Api</c> section, bound once: the configured keys and the limits of an append.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary><c>Api:Keys:&lt;name&gt;</c>: keys from configuration; the name is the actor of what a key appends.</summary>
    public Dictionary<string, ApiKey> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>Api:MaxBodyBytes</c>: larger append bodies get 413 and nothing is read further.</summary>
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary><c>Api:BodyReadTimeout</c>: an append body that has not fully arrived by then gets 408.</summary>
    public TimeSpan BodyReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Api:MaxEventsPerBatch</c>: larger batches get 400.</summary>
    public int MaxEventsPerBatch { get; set; } = new AppendOptions().MaxEventsPerBatch;

    /// <summary>What the append path in Core needs of these settings.</summary>
    public AppendOptions Append => new() { MaxEventsPerBatch = MaxEventsPerBatch };
}
