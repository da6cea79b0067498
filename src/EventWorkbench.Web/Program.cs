using EventWorkbench.Web;
using EventWorkbench.Web.Hosting;
using JasperFx;

// Everything is composed in WorkbenchHost so the tests host the very same app.
var app = WorkbenchHost.Create(args);

// A command (help, db-apply, db-assert, projections, seed-synthetic, ...) goes to Marten's command line;
// anything else (no arguments, or only settings such as --urls) runs the web app straight away.
// A command does not start the host, so the embedded PostgreSQL (when there is one) is started here and stopped after it.
if (WorkbenchHost.IsCommand(args))
{
    var connections = app.Services.GetRequiredService<EventStoreConnections>();
    try
    {
        await connections.StartAsync();
        return await app.RunJasperFxCommands(args);
    }
    finally
    {
        await connections.StopAsync();
    }
}
return await WebAppRun.RunAsync(app);
