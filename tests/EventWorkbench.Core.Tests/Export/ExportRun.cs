using System.IO.Compression;
using System.Text;
using System.Text.Json;
using EventWorkbench.Export;
using Marten;

namespace EventWorkbench.Tests.Export;

/// <summary>An export written to memory: its data bytes, its lineage, its manifest, and the data read back as JSON lines.</summary>
public sealed record ExportRun(byte[] Data, byte[] Lineage, ExportManifest Manifest)
{
    public static async Task<ExportRun> OfAsync(IDocumentStore store, ExportRequest request)
    {
        using var data = new MemoryStream();
        using var lineage = new MemoryStream();
        var manifest = await new DatasetExporter(store).WriteAsync(request, data, lineage);
        return new ExportRun(data.ToArray(), lineage.ToArray(), manifest);
    }

    public string Text => Encoding.UTF8.GetString(Data);

    public IReadOnlyList<JsonElement> Rows => Lines(Data);

    public IReadOnlyList<JsonElement> LineageRows => Lines(Lineage);

    public static IReadOnlyList<JsonElement> Lines(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    public static byte[] Gunzip(byte[] bytes)
    {
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
