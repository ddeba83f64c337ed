namespace HwModel.Cli.Regress;

/// <summary>A scenario's <c>waves = { ... }</c>: whether it writes a timeline and a VCD of the model, and the cycle
/// window and channels they keep (the forms of <c>--window</c> and <c>--channels</c>).</summary>
public sealed record WaveSpec(bool Timeline = false, bool Vcd = false, string? Window = null, string? Channels = null)
{
    public static readonly WaveSpec None = new();
}
