using HwModel.Config;

namespace HwModel.Spec;

/// <summary>
/// What one command is and does, declared once in <see cref="CommandTable"/>: the controller, the checker, the PIM
/// engine, energy, the bridge's encoding and the generated RTL header all read these fields.
/// </summary>
/// <param name="Code">The wire and trace code.</param>
/// <param name="Bus">Row or column command bus.</param>
/// <param name="Slot">Row-bus occupancy class (none for column commands).</param>
/// <param name="Target">Which banks it acts on.</param>
/// <param name="Effect">What it does to their row buffers.</param>
/// <param name="Needs">The bank state it needs.</param>
/// <param name="Data">Direction of its data burst (host data for RD/WR, bank-internal for PIMWR).</param>
/// <param name="DataLatency">Cycles from the command to the end of its data burst, over the timing fields
/// (null: the command completes the cycle after it issues).</param>
/// <param name="Interface">Its burst crosses the stack's data interface (counted as interface bytes).</param>
/// <param name="WriteBurst">The host drives a write burst with it (on the data bus and on the wire; PIMWR's burst
/// is driven but not used by the units, so it is not counted as interface data).</param>
/// <param name="Feature">The standard feature it needs (None: every standard).</param>
/// <param name="Architecture">The PIM architecture it belongs to (None: plain DRAM).</param>
/// <param name="Meaning">One line for documentation and `hwmodel presets --commands`.</param>
public sealed record CommandSpec(
    Command Code,
    CommandBus Bus,
    RowBusSlot Slot,
    BankTarget Target,
    RowEffect Effect,
    BankStateNeed Needs,
    DataDirection Data,
    Formula? DataLatency,
    bool Interface,
    bool WriteBurst,
    StandardFeatures Feature,
    PimArchitecture Architecture,
    string Meaning)
{
    public string Name => Code.ToString();
}
