using HwModel.Config;
using HwModel.Pim;
using HwModel.Spec.Standards;

namespace HwModel.Spec;

/// <summary>
/// The compiled timing table of one configuration: the shared HBM rules, the standard's own and the PIM
/// architecture's, each latency evaluated from its formula. It is the one source of truth for the scheduler's
/// timing state, the independent checker and the RTL's timing monitor (loaded at start-up).
/// </summary>
public sealed class TimingTable
{
    public Standard Standard { get; }
    public IReadOnlyList<TimingConstraint> Constraints { get; }

    private TimingTable(Standard standard, List<TimingConstraint> rows)
    {
        Standard = standard;
        Constraints = rows;
    }

    /// <summary>The declared rules that apply to a configuration, before evaluation.</summary>
    public static IEnumerable<TimingRule> RulesFor(MemoryConfig c) =>
        HbmCore.Rules
            .Concat(StandardRegistry.Get(c.Org.Standard).ExtraRules)
            .Concat(PimArchitectures.Get(c.Pim.Architecture).Rules);

    /// <summary>Builds the table for the configuration's standard from its timing values.</summary>
    public static TimingTable For(MemoryConfig c)
    {
        var rows = new List<TimingConstraint>();
        foreach (var r in RulesFor(c))
        {
            if (r.When != null && r.When.Evaluate(c) == 0) continue;
            int lat = r.Latency.Evaluate(c);
            if (lat <= 0) continue;
            string formula = r.Note.Length > 0 ? $"{r.Latency.Text} ({r.Note})" : r.Latency.Text;
            rows.Add(new TimingConstraint(r.Name, r.Scope, r.Preceding, r.Following, lat, r.Window, r.Sibling,
                formula));
        }
        return new TimingTable(c.Org.Standard, rows);
    }

    /// <summary>The rows whose following set contains <paramref name="cmd"/>.</summary>
    public IEnumerable<TimingConstraint> Following(Command cmd) => Constraints.Where(r => r.Following.Contains(cmd));
}
