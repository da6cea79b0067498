namespace EventWorkbench.Evidence;

/// <summary>How a bundle's event differs from the store's.</summary>
public enum EvidenceDifferenceKind
{
    /// <summary>The bundle's event no longer matches its own hash or canonical columns: the bundle was edited.</summary>
    ChangedInBundle,

    /// <summary>The bundle's event matches its own hash, the store now holds other bytes at that sequence.</summary>
    ChangedInStore,

    /// <summary>The store holds an event of the scope that the bundle lacks.</summary>
    MissingFromBundle,

    /// <summary>The bundle holds an event the store does not hold for the scope.</summary>
    ExtraInBundle,

    /// <summary>Every event matches, but the bundle's digest is not the digest of its events.</summary>
    DigestChanged,
}

public sealed record EvidenceDifference(EvidenceDifferenceKind Kind, long? Sequence, string? StreamId, long? Version, string? Type, string Detail);

/// <summary>The outcome of verifying a bundle against the store; <see cref="FirstDifference"/> is null when it verified.</summary>
public sealed record EvidenceVerdict(
    bool Verified,
    string Summary,
    EvidenceScope Scope,
    long BundleEvents,
    long StoreEvents,
    string BundleDigest,
    string RecomputedBundleDigest,
    string StoreDigest,
    EvidenceDifference? FirstDifference);
