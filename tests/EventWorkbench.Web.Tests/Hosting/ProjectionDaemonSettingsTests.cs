using EventWorkbench.Web.Hosting;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.Configuration;

namespace EventWorkbench.Web.Tests.Hosting;

public sealed class ProjectionDaemonSettingsTests
{
    private static DaemonMode ModeOf(string? value) =>
        ProjectionDaemonSettings.ModeFrom(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ProjectionDaemonSettings.Key] = value }).Build());

    [Theory]
    [InlineData(null, DaemonMode.HotCold)]
    [InlineData("", DaemonMode.HotCold)]
    [InlineData("hotcold", DaemonMode.HotCold)]
    [InlineData("Disabled", DaemonMode.Disabled)]
    [InlineData(" solo ", DaemonMode.Solo)]
    public void The_daemon_mode_is_HotCold_unless_set_to_another_mode_in_any_case(string? value, DaemonMode mode) =>
        ModeOf(value).ShouldBe(mode);

    [Theory]
    [InlineData("ExternallyManaged")]
    [InlineData("on")]
    [InlineData("2")]
    public void An_unknown_daemon_mode_stops_the_start_naming_the_setting_and_the_modes(string value) =>
        Should.Throw<InvalidOperationException>(() => ModeOf(value)).Message
            .ShouldBe($"Projections:Daemon is '{value}'; it must be one of HotCold, Solo, Disabled");
}
