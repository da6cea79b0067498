namespace EventWorkbench.Audit;

/// <summary>
/// Checks an auditor's kept copy of a seal (the JSON of a <see cref="Seal"/>, downloaded earlier) against the stored
/// chain: the seal with the same number must still be there with every field unchanged.
/// </summary>
public static class KeptCopyCheck
{
    /// <summary>Whether the stored chain still holds the kept seal unchanged, and if not, what differs.</summary>
    public static KeptCopyVerdict Check(Seal copy, Seal? stored)
    {
        var differences = Differences(copy, stored);
        var message = differences is null
            ? $"The stored chain no longer holds seal {copy.Number}: it was removed, or the copy is of another log."
            : differences.Count == 0
                ? $"The stored chain still holds seal {copy.Number} (sequences {copy.FromSequence}..{copy.ToSequence}) unchanged."
                : $"Seal {copy.Number} in the stored chain differs from the kept copy: {string.Join("; ", differences)}.";
        return new KeptCopyVerdict(differences is { Count: 0 }, copy.Number, differences ?? [], message);
    }

    /// <summary>The fields that differ (empty when the stored seal equals the copy); null when there is no such seal.</summary>
    public static IReadOnlyList<string>? Differences(Seal copy, Seal? stored)
    {
        if (stored is null) return null;
        var differences = new List<string>();
        Compare("sequence", copy.Sequence, stored.Sequence);
        Compare("fromSequence", copy.FromSequence, stored.FromSequence);
        Compare("toSequence", copy.ToSequence, stored.ToSequence);
        Compare("eventCount", copy.EventCount, stored.EventCount);
        Compare("segmentSha256", copy.SegmentSha256.ToLowerInvariant(), stored.SegmentSha256.ToLowerInvariant());
        Compare("eventDigestsSha256", copy.EventDigestsSha256.ToLowerInvariant(), stored.EventDigestsSha256.ToLowerInvariant());
        Compare("previousChainSha256", copy.PreviousChainSha256.ToLowerInvariant(), stored.PreviousChainSha256.ToLowerInvariant());
        Compare("chainSha256", copy.ChainSha256.ToLowerInvariant(), stored.ChainSha256.ToLowerInvariant());
        Compare("by", copy.By, stored.By);
        Compare("sealedAt", copy.SealedAt.ToUniversalTime(), stored.SealedAt.ToUniversalTime());
        return differences;

        void Compare<T>(string field, T kept, T now)
        {
            if (!EqualityComparer<T>.Default.Equals(kept, now)) differences.Add($"{field}: kept {kept}, stored {now}");
        }
    }
}

/// <summary>The outcome of checking a kept copy: <paramref name="Matches"/> when the stored seal equals it in every field.</summary>
public sealed record KeptCopyVerdict(bool Matches, long Number, IReadOnlyList<string> Differences, string Message);
