namespace HwModel.Spec;

/// <summary>Which command bus a command travels on (HBM has separate row and column command buses).</summary>
public enum CommandBus : byte { Row, Column }
