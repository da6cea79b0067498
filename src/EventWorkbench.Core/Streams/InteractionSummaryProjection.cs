using System.ComponentModel;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EventWorkbench.Streams;

/// <summary>Folds every event of a stream into its <see cref="InteractionSummary"/>; streams need not
/// begin with <c>interaction_started</c>, so every event counts, whatever its type.</summary>
[Description("One per stream: its product, channel and subject, how many events, its proposals and their outcomes, and when it last moved. The stream list reads it.")]
public sealed partial class InteractionSummaryProjection : SingleStreamProjection<InteractionSummary, string>
{
    public override InteractionSummary? Evolve(InteractionSummary? snapshot, string id, IEvent e)
    {
        // The workbench's own log is no interaction, nor is a stream of Marten's own (mt_tombstone: see the README).
        if (WorkbenchStreams.IsWorkbenchStream(id) || Ingest.Ids.IsMartenStream(id)) return null;
        var summary = snapshot ?? new InteractionSummary { Id = id, StartedAt = e.Timestamp };
        summary.EventCount = Math.Max(summary.EventCount + 1, e.Version);
        summary.LastEventAt = e.Timestamp;
        summary.LastEventType = e.EventTypeName;

        switch (e.Data)
        {
            case InteractionStarted started when summary.StartedVersion == 0:
                summary.StartedVersion = e.Version;
                summary.StartedAt = e.Timestamp;
                summary.Product = started.Product;
                summary.Channel = started.Channel;
                summary.SubjectId = started.SubjectId;
                summary.InputPreview = Preview(started.Input);
                break;
            case ProposalGenerated generated:
                summary.Outcomes.TryAdd(generated.ProposalId, ProposalOutcome.Pending);
                break;
            // Events about a proposal not generated (yet) count for nothing, as in its ProposalReview.
            case ProposalEdited edited when summary.Outcomes.ContainsKey(edited.ProposalId):
                if (!summary.Edited.Contains(edited.ProposalId)) summary.Edited.Add(edited.ProposalId);
                break;
            case ProposalAccepted accepted when summary.Outcomes.ContainsKey(accepted.ProposalId):
                summary.Outcomes[accepted.ProposalId] = summary.Edited.Contains(accepted.ProposalId)
                    ? ProposalOutcome.AcceptedEdited
                    : ProposalOutcome.AcceptedUnchanged;
                break;
            case ProposalRejected rejected when summary.Outcomes.ContainsKey(rejected.ProposalId):
                summary.Outcomes[rejected.ProposalId] = ProposalOutcome.Rejected;
                break;
            case EventCorrected corrected:
                summary.Corrections++;
                if (corrected.CorrectsVersion == summary.StartedVersion) ApplyStartCorrection(summary, corrected);
                break;
        }

        summary.CountOutcomes();
        return summary;
    }

    // A value of another type (an object where the start has text: an append cannot tell which event a correction
    // targets) is ignored rather than failing the append.
    private static void ApplyStartCorrection(InteractionSummary summary, EventCorrected corrected)
    {
        if (CorrectionFields.TryString(corrected.Correction, "product", out var product)) summary.Product = product;
        if (CorrectionFields.TryString(corrected.Correction, "channel", out var channel) && channel is not null) summary.Channel = channel;
        if (CorrectionFields.TryString(corrected.Correction, "input", out var input) && input is not null) summary.InputPreview = Preview(input);
    }

    private static string? Preview(string? text) =>
        text is null || text.Length <= InteractionSummary.InputPreviewLength
            ? text
            : string.Concat(text.AsSpan(0, InteractionSummary.InputPreviewLength), "…");
}
