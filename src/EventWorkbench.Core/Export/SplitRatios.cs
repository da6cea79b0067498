namespace EventWorkbench.Export;

/// <summary>The shares of train, validation and test; each 0 to 1, together 1.</summary>
public sealed record SplitRatios(double Train, double Validation, double Test)
{
    public static SplitRatios Default { get; } = new(0.8, 0.1, 0.1);

    public string? Problem()
    {
        double[] shares = [Train, Validation, Test];
        if (shares.Any(share => !(share is >= 0 and <= 1))) return "each ratio must be between 0 and 1";
        return Math.Abs(shares.Sum() - 1) > 1e-9 ? "the ratios must add up to 1" : null;
    }

    public override string ToString() => FormattableString.Invariant($"{Train},{Validation},{Test}");
}
