namespace HwModel.Spec;

/// <summary>Which way a command's data burst moves, if it has one.</summary>
public enum DataDirection : byte { None, Read, Write }
