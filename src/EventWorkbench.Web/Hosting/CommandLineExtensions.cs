using JasperFx;
using Spectre.Console;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// Lets JasperFx extension assemblies add their services before a command's host is built. JasperFx lists every
/// assembly it searches ("Searching '...' for commands") while doing so; that list says nothing to a person, so
/// it is not written here (the command line itself still lists them once as it starts).
/// </summary>
internal static class CommandLineExtensions
{
    public static void Apply(IHostBuilder host)
    {
        var console = AnsiConsole.Console;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        try
        {
            host.ApplyJasperFxExtensions();
        }
        finally
        {
            AnsiConsole.Console = console;
        }
    }
}
