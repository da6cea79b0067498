using System.Text;
using Deque.AxeCore.Commons;

namespace EventWorkbench.Browser.Tests.Accessibility;

/// <summary>Says what axe found so that the failure names what to fix: each rule, and each element breaking it.</summary>
public static class AxeReport
{
    public static string Describe(string page, IReadOnlyCollection<AxeResultItem> violations)
    {
        var text = new StringBuilder($"{page}: {violations.Count} WCAG rule(s) broken, {violations.Sum(v => v.Nodes.Length)} element(s)\n");
        foreach (var violation in violations)
        {
            text.AppendLine($"- {violation.Id} ({violation.Impact}): {violation.Help} [{violation.HelpUrl}]");
            foreach (var node in violation.Nodes)
            {
                text.AppendLine($"    at {node.Target}");
                text.AppendLine($"       {node.Html}");
                foreach (var check in (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []))
                    if (!string.IsNullOrWhiteSpace(check.Message)) text.AppendLine($"       {check.Message}");
            }
        }
        return text.ToString();
    }
}
