using EventWorkbench.Web;
using JasperFx;

// Everything is composed in WorkbenchHost so the tests host the very same app.
// Marten's command line works through the host: dotnet run -- help | db-apply | projections | seed-synthetic
var app = WorkbenchHost.Create(args);
return await app.RunJasperFxCommands(args);
