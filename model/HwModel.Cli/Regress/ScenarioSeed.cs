using HwModel.Util;

namespace HwModel.Cli.Regress;

/// <summary>A scenario's seed: a hash of the global seed and the scenario's id, so one scenario reruns alone (or in
/// any shard, in any order) with the randomness it had in the full run.</summary>
public static class ScenarioSeed
{
    public static ulong Derive(ulong globalSeed, string scenarioId) =>
        new SplitMix64(globalSeed ^ StableHash.Of(scenarioId)).Next();
}
