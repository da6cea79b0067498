namespace EventWorkbench;

public static class Paging
{
    /// <summary>
    /// The rows before a page; null when the page lies so far out (beyond 2^31 rows) that no query can reach it, so
    /// the page is empty without asking (an address may carry any page number).
    /// </summary>
    public static int? Offset(int page, int pageSize)
    {
        var offset = (long)(Math.Max(page, 1) - 1) * pageSize;
        return offset <= int.MaxValue ? (int)offset : null;
    }
}
