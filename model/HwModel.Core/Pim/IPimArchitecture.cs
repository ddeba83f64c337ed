using HwModel.Config;
using HwModel.Spec;

namespace HwModel.Pim;

/// <summary>
/// One processing-in-memory architecture behind one boundary: its timing rules, what it needs of the organisation
/// and the source of its profile. Its commands are the <see cref="CommandTable"/> rows that name it.
/// </summary>
public interface IPimArchitecture
{
    PimArchitecture Id { get; }

    /// <summary>Its name in messages ("HBM-PIM", "AiM").</summary>
    string DisplayName { get; }

    /// <summary>Its functional state inside a device (modes, units, buffers, accumulators).</summary>
    IPimDeviceState CreateState(PimDevice device, MemoryConfig c);

    /// <summary>Appended to a preset's source when the profile is put on it.</summary>
    string ProfileSource { get; }

    /// <summary>Timing rules of its commands, added to the standard's rules.</summary>
    IReadOnlyList<TimingRule> Rules { get; }

    /// <summary>Checks what the architecture needs of a configuration; throws <see cref="ConfigException"/>.</summary>
    void Validate(MemoryConfig c, string origin);

    /// <summary>The number format of its GEMV operands ("fp16" or "bf16").</summary>
    string NumberFormat { get; }

    /// <summary>Bytes of a stack that can hold weights (HBM-PIM keeps them in the even banks of each pair).</summary>
    double WeightCapacityBytes(MemoryConfig c);

    /// <summary>Places an m x n weight matrix where its GEMV kernel expects it (functional engines only).</summary>
    void PlaceGemvWeights(PimEngine e, int m, int n, ushort[] w);

    /// <summary>Runs y = W x on the engine; returns y (null with <paramref name="representativeOnly"/>, timing only).
    /// <paramref name="layer"/> names the model layer for architectures that fuse an activation into it.</summary>
    ushort[]? Gemv(PimEngine e, int m, int n, ushort[] x, bool representativeOnly = false, string layer = "");

    /// <summary>What its commands do inside the banks, for energy: bank-internal column bursts, ALU lane operations
    /// and register-file bursts, from a run's command counts.</summary>
    (double BankBursts, double LaneOps, double RegisterBursts) InBankWork(MemoryConfig c, Func<Command, long> count);

    /// <summary>The untimed reference of <see cref="Gemv"/>, bit for bit in the architecture's number format.</summary>
    ushort[] GemvReference(ushort[] w, ushort[] x, int m, int n);
}
