using EventWorkbench.Web.Components;
using EventWorkbench.Web.Features.Streams;
using Microsoft.JSInterop;

namespace EventWorkbench.Web.Tests.Components;

/// <summary>
/// A page left while its keys module was still loading: the keys must not stay attached to the disposed page (a key
/// press would call it back), and the attach must not fail on the page's disposed reference.
/// </summary>
public sealed class PageKeysTests
{
    private sealed class Page;

    /// <summary>The loaded module as the script would answer: attach hands out ticket 7 (when <see cref="Ticket"/> is set); every call is recorded.</summary>
    private sealed class RecordingModule : IJSObjectReference
    {
        public List<string> Calls { get; } = [];

        public TaskCompletionSource<int> Ticket { get; } = new();

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => InvokeAsync<TValue>(identifier, CancellationToken.None, args);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args)
        {
            if (args?.FirstOrDefault() is DotNetObjectReference<Page> reference) _ = reference.Value; // throws once the reference is disposed, as serialising it does
            Calls.Add($"{identifier}({string.Join(", ", args?.Select(a => a is int ticket ? ticket.ToString(System.Globalization.CultureInfo.InvariantCulture) : "page") ?? [])})");
            return identifier == "attach" ? Answer<int, TValue>(Ticket.Task) : default;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>The circuit's runtime as far as the keys use it: <c>import</c> answers with the module once <see cref="Import"/> is set.</summary>
    private sealed class ScriptRuntime : IJSRuntime
    {
        public TaskCompletionSource<IJSObjectReference> Import { get; } = new();

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => InvokeAsync<TValue>(identifier, CancellationToken.None, args);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            identifier == "import" && args is [HistoryKeys.ModulePath]
                ? Answer<IJSObjectReference, TValue>(Import.Task)
                : throw new InvalidOperationException($"unexpected call {identifier}");
    }

    /// <summary>An answer given already completes the call at once, as a script's does; one still to come completes it later.</summary>
    private static ValueTask<TValue> Answer<T, TValue>(Task<T> answer) => answer.IsCompleted
        ? ValueTask.FromResult((TValue)(object)answer.Result!)
        : new ValueTask<TValue>(answer.ContinueWith(t => (TValue)(object)t.Result!, TaskScheduler.Default));

    [Fact]
    public async Task A_page_left_while_its_keys_module_loaded_hands_the_script_nothing()
    {
        var js = new ScriptRuntime();
        var module = new RecordingModule();
        module.Ticket.SetResult(7);
        var keys = new HistoryKeys(js).For(new Page());

        var attaching = keys.AttachAsync();
        await keys.DisposeAsync();
        js.Import.SetResult(module);
        await attaching;

        module.Calls.ShouldBe([]); // the disposed page's reference was not handed to the script
    }

    [Fact]
    public async Task Keys_whose_attach_answers_after_the_page_was_left_are_detached_at_once()
    {
        var js = new ScriptRuntime();
        var module = new RecordingModule();
        js.Import.SetResult(module);
        var keys = new HistoryKeys(js).For(new Page());

        var attaching = keys.AttachAsync();
        await keys.DisposeAsync();
        module.Ticket.SetResult(7);
        await attaching;

        module.Calls.ShouldBe(["attach(page)", "detach(7)"]);
    }

    [Fact]
    public async Task Keys_of_a_live_page_are_attached_and_detached_with_it()
    {
        var js = new ScriptRuntime();
        var module = new RecordingModule();
        module.Ticket.SetResult(7);
        js.Import.SetResult(module);
        var keys = new HistoryKeys(js).For(new Page());

        await keys.AttachAsync();
        keys.Attached.ShouldBeTrue();
        await keys.DisposeAsync();
        await keys.DisposeAsync(); // a second dispose does nothing

        module.Calls.ShouldBe(["attach(page)", "detach(7)"]);
    }
}
