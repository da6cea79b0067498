namespace EventWorkbench.Web.Tests.Api;

/// <summary>The app as <c>./run.sh</c> starts it: Development, where the framework throws on a parameter it cannot bind.</summary>
public sealed class DevelopmentApiHost : ApiHost
{
    protected override string Environment => "Development";
}
