using Bunit;
using EventWorkbench.Web.Features.Streams;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace EventWorkbench.Web.Tests.Streams;

/// <summary>The stepper alone: its links, its bounds and what it makes of typed versions and times.</summary>
public sealed class HistoryStepperTests : BunitContext, IAsyncLifetime
{
    private readonly List<long> _wentTo = [];
    private readonly List<DateTimeOffset> _wentToTime = [];
    private readonly List<string> _problems = [];

    public HistoryStepperTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services can only be disposed asynchronously: dispose the context here, before xUnit's Dispose.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private IRenderedComponent<HistoryStepper> RenderStepper(long version, long last) => Render<HistoryStepper>(p => p
        .Add(x => x.Version, version)
        .Add(x => x.LastVersion, last)
        .Add(x => x.HrefFor, v => $"streams/s?version={v}")
        .Add(x => x.OnGoTo, (long v) => _wentTo.Add(v))
        .Add(x => x.OnGoToTime, (DateTimeOffset at) => _wentToTime.Add(at))
        .Add(x => x.OnProblem, (string message) => _problems.Add(message)));

    [Fact]
    public void In_the_middle_every_step_links_to_its_version_and_the_position_is_shown()
    {
        var stepper = RenderStepper(3, 6);

        stepper.Find("[data-testid=step-position]").TextContent.ShouldBe("v3 of 6");
        Href(stepper, "step-first").ShouldBe("streams/s?version=1");
        Href(stepper, "step-previous").ShouldBe("streams/s?version=2");
        Href(stepper, "step-next").ShouldBe("streams/s?version=4");
        Href(stepper, "step-last").ShouldBe("streams/s?version=6");
        var slider = stepper.Find("[data-testid=step-slider]");
        (slider.GetAttribute("min"), slider.GetAttribute("max"), slider.GetAttribute("value")).ShouldBe(("1", "6", "3"));
    }

    [Fact]
    public void At_the_first_and_last_version_the_steps_beyond_are_disabled()
    {
        var first = RenderStepper(1, 6);
        first.Find("[data-testid=step-first]").HasAttribute("disabled").ShouldBeTrue();
        first.Find("[data-testid=step-previous]").HasAttribute("disabled").ShouldBeTrue();
        first.Find("[data-testid=step-next]").HasAttribute("disabled").ShouldBeFalse();

        var last = RenderStepper(6, 6);
        last.Find("[data-testid=step-next]").HasAttribute("disabled").ShouldBeTrue();
        last.Find("[data-testid=step-last]").HasAttribute("disabled").ShouldBeTrue();
        last.Find("[data-testid=step-previous]").HasAttribute("disabled").ShouldBeFalse();
    }

    [Fact]
    public void The_slider_and_a_typed_version_go_to_that_version()
    {
        var stepper = RenderStepper(3, 6);

        stepper.Find("[data-testid=step-slider]").Change("5");
        stepper.Find("[data-testid=jump-version-input]").Change(" v2 ");
        stepper.Find("[data-testid=jump-version]").Submit();

        _wentTo.ShouldBe([5L, 2L]);
        _problems.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("seven", "'seven' is not a version: type a whole number from 1 to 6.")]
    [InlineData("9", "There is no version 9: this stream has versions 1 to 6.")]
    [InlineData("0", "There is no version 0: this stream has versions 1 to 6.")]
    public void A_typed_version_outside_the_stream_says_why_and_goes_nowhere(string typed, string message)
    {
        var stepper = RenderStepper(3, 6);

        stepper.Find("[data-testid=jump-version-input]").Change(typed);
        stepper.Find("[data-testid=jump-version]").Submit();

        _problems.ShouldBe([message]);
        _wentTo.ShouldBeEmpty();
    }

    [Fact]
    public void A_typed_time_is_read_as_UTC_unless_it_says_otherwise()
    {
        var stepper = RenderStepper(3, 6);

        stepper.Find("[data-testid=jump-time-input]").Change("2026-11-26T09:30:00");
        stepper.Find("[data-testid=jump-time]").Submit();
        stepper.Find("[data-testid=jump-time-input]").Change("2026-11-26T09:30:00+02:00");
        stepper.Find("[data-testid=jump-time]").Submit();
        stepper.Find("[data-testid=jump-time-input]").Change("soon");
        stepper.Find("[data-testid=jump-time]").Submit();

        _wentToTime.ShouldBe([new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 7, 30, 0, TimeSpan.Zero)]);
        _problems.ShouldHaveSingleItem().ShouldStartWith("'soon' is not a date and time");
    }

    [Fact]
    public void A_message_is_shown_as_text()
    {
        var stepper = Render<HistoryStepper>(p => p
            .Add(x => x.Version, 1).Add(x => x.LastVersion, 1).Add(x => x.HrefFor, v => $"streams/s?version={v}")
            .Add(x => x.Message, "<b>no</b> such version"));

        stepper.Find("[data-testid=step-message]").TextContent.ShouldContain("<b>no</b> such version");
        stepper.FindAll("[data-testid=step-message] b").ShouldBeEmpty();
        stepper.Find("[data-testid=step-slider]").HasAttribute("disabled").ShouldBeTrue(); // one version: nothing to slide
    }

    private static string? Href(IRenderedComponent<HistoryStepper> stepper, string testId) =>
        stepper.Find($"[data-testid={testId}]").GetAttribute("href");
}
