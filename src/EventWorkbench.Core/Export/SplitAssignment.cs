using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EventWorkbench.Export;

/// <summary>
/// Which split a stream's rows go to: a point in [0, 1) drawn from SHA-256 of the seed and the stream id, so every row
/// of a stream lands in one split, and a stream keeps its split however much data arrives later.
/// </summary>
public static class SplitAssignment
{
    public static DatasetSplit Of(long seed, string streamId, SplitRatios ratios)
    {
        var point = PointOf(seed, streamId);
        if (point < ratios.Train) return DatasetSplit.Train;
        return point < ratios.Train + ratios.Validation ? DatasetSplit.Validation : DatasetSplit.Test;
    }

    public static double PointOf(long seed, string streamId)
    {
        var text = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}\n{streamId}"));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(text, hash);
        // 53 bits: every value is exact as a double, and the result stays below 1.
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) / (double)(1UL << 53);
    }
}
