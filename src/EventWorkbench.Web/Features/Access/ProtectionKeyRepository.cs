using System.Xml.Linq;
using EventWorkbench.Access;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace EventWorkbench.Web.Features.Access;

/// <summary>
/// The data protection key ring in the event store's database (as <see cref="ProtectionKey"/> documents, never events):
/// app nodes sharing the database share the keys, so a sign-in cookie from one node is good on every node and after a
/// restart. The store is resolved on first use, after the schema was migrated at start-up.
/// </summary>
public sealed class ProtectionKeyRepository(IServiceProvider services) : IXmlRepository
{
    public const string ApplicationName = "EventWorkbench";

    private IDocumentStore Store => services.GetRequiredService<IDocumentStore>();

    // Data protection asks synchronously (rarely: at start-up and when the ring refreshes); the store answers
    // asynchronously, off any caller's synchronization context.
    public IReadOnlyCollection<XElement> GetAllElements() => Task.Run(async () =>
    {
        await using var session = Store.QuerySession();
        var keys = await session.Query<ProtectionKey>().ToListAsync();
        return (IReadOnlyCollection<XElement>)keys.Select(key => XElement.Parse(key.Xml)).ToList();
    }).GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => Task.Run(async () =>
    {
        await using var session = Store.LightweightSession();
        session.Store(new ProtectionKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        await session.SaveChangesAsync();
    }).GetAwaiter().GetResult();

    public static void AddProtectionKeysInTheStore(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider>((options, provider) => options.XmlRepository = new ProtectionKeyRepository(provider));
    }
}
