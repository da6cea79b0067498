namespace EventWorkbench.EmbeddedPostgres.Tests;

public sealed class PostgresBinariesTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "eventworkbench-tests", $"binaries-{Guid.NewGuid():N}")).FullName;

    [Fact]
    public void A_PATH_folder_of_links_gives_the_folder_the_links_point_into()
    {
        var real = PostgresBinaries.Find();
        var links = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;
        foreach (var program in new[] { "initdb", "pg_ctl", "postgres" })
            File.CreateSymbolicLink(Path.Combine(links, program), Path.Combine(real, program));

        PostgresBinaries.Find(null, $"/nonexistent{Path.PathSeparator}{links}").ShouldBe(real);
    }

    [Fact]
    public void A_PATH_folder_holding_the_programs_themselves_is_used_as_it_is()
    {
        var own = Directory.CreateDirectory(Path.Combine(_folder, "own")).FullName;
        foreach (var program in new[] { "initdb", "pg_ctl" }) File.WriteAllText(Path.Combine(own, program), "");

        PostgresBinaries.Find(null, own).ShouldBe(own);
    }

    [Fact]
    public void The_configured_folder_comes_before_PATH()
    {
        var own = Directory.CreateDirectory(Path.Combine(_folder, "configured")).FullName;
        foreach (var program in new[] { "initdb", "pg_ctl" }) File.WriteAllText(Path.Combine(own, program), "");

        PostgresBinaries.Find(own, PostgresBinaries.Find()).ShouldBe(own);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
