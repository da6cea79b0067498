using Marten;

namespace EventWorkbench.Erasure;

public static class ErasureFeature
{
    public static void Configure(StoreOptions options)
    {
        SubjectKeysTable.Configure(options);
        PersonalText.Configure(options);
        options.Schema.For<SubjectErasureJob>();
    }
}
