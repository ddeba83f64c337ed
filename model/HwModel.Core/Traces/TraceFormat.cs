namespace HwModel.Traces;

/// <summary>
/// Supported trace formats:
/// <list type="bullet">
/// <item><c>dramsim3</c>: <c>0x2000D5C0 READ 30</c> (address, READ/WRITE, cycle)</item>
/// <item><c>ramulator</c>: <c>LD 0x12340</c> / <c>ST 0x12340</c> (Ramulator 2), or <c>0x12340 R</c> / <c>W</c> (Ramulator 1)</item>
/// <item><c>dramsys</c>: <c>31: read 0x400140</c>, optionally a length before and write data after the address (.stl)</item>
/// <item><c>native</c>: <c>cycle R|W address [size] [hexdata]</c></item>
/// </list>
/// Blank lines and lines starting with # are skipped. Addresses are hex with 0x or decimal.
/// </summary>
public enum TraceFormat { Auto, DramSim3, Ramulator, DramSys, Native }
