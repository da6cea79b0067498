namespace EventWorkbench.Web.Components.Layout;

/// <summary>
/// Light or dark, for one page's circuit (scoped). The browser remembers the choice in the <see cref="CookieName"/> cookie,
/// which the page request reads so the prerender already paints in it; charts listen to <see cref="Changed"/>.
/// </summary>
public sealed class ThemeChoice
{
    public const string CookieName = "ewb-theme";
    public const string Dark = "dark";
    public const string Light = "light";

    private bool _known;

    public bool IsDark { get; private set; }

    /// <summary>Raised after the choice changed, on the renderer's thread.</summary>
    public event Action? Changed;

    /// <summary>The choice the page request carried; only the first call counts (later renders keep what the person chose).</summary>
    public void Start(bool isDark)
    {
        if (_known) return;
        (_known, IsDark) = (true, isDark);
    }

    public void Set(bool isDark)
    {
        _known = true;
        if (IsDark == isDark) return;
        IsDark = isDark;
        Changed?.Invoke();
    }

    /// <summary>What a cookie value means: dark only when it says so.</summary>
    public static bool IsDarkValue(string? cookie) => string.Equals(cookie, Dark, StringComparison.Ordinal);
}
