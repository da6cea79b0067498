using EventWorkbench.Web;
using EventWorkbench.Web.Hosting;
using JasperFx;

// Everything is composed in WorkbenchHost so the tests host the very same app.
var app = WorkbenchHost.Create(args);

// A command (help, db-apply, db-assert, projections, seed-synthetic, ...) goes to Marten's command line;
// anything else (no arguments, or only settings such as --urls) runs the web app straight away.
if (WorkbenchHost.IsCommand(args)) return await app.RunJasperFxCommands(args);
return await WebAppRun.RunAsync(app);
