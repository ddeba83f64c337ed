namespace HwModel.Config;

/// <summary>The per-bank command refresh management issues when a bank reaches its activation threshold.
/// (RFMab is in the command table, the checker and the RTL; no controller policy issues it: under per-bank refresh
/// every REFpb pushes it back by tRFCpb, so it needs a refresh policy that pauses for it.)</summary>
public enum RfmKind { RFM, DRFM }
