namespace HwModel.Pim.Runtime;

/// <summary>Where a kernel's data lives: pseudo-channel, bank, row, column of one burst.</summary>
public readonly record struct BurstAddress(int Pc, int Bank, int Row, int Column);
