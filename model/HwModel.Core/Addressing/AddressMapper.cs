using System.Numerics;
using HwModel.Config;

namespace HwModel.Addressing;

/// <summary>
/// Maps a byte address to DRAM coordinates from a bit-order string, most significant field first, two letters a
/// field: ro (row), ba (bank), bg (bank group), ra or si (stack ID / rank), ch (channel), pc (pseudo-channel),
/// co (column). Case does not matter, so DRAMSim3's "rorabgbachco" and Ramulator's "RoBaRaCoCh" both read.
/// Fields with a single value may be left out. The lowest log2(AccessBytes) bits are the byte offset within a burst;
/// bits above the mapped fields are ignored (addresses wrap at the stack capacity).
/// Fields need not hold a power of two values (24 Gb dies give 12288 or 24576 rows, a 12-high stack 3 stack IDs):
/// from the lowest such field upward the address is read in mixed radix (each field takes its value modulo its
/// count, the rest goes to the fields above), so every address below the capacity is one location and no part
/// is rounded to a power of two. Below that field, fields are plain bit slices.
/// </summary>
public sealed class AddressMapper
{
    private enum Field { Row, Bank, BankGroup, StackId, Channel, PseudoChannel, Column }

    private readonly int _offsetBits;
    private readonly int[] _shift = new int[7];
    private readonly long[] _mask = new long[7];
    private readonly bool _xor;
    private readonly int _bgCount, _bpg, _bankMask, _bgMask;
    /// <summary>Fields from the lowest non-power-of-two one upward, least significant first, with their
    /// counts.</summary>
    private readonly (int Field, long Count)[] _upper;
    private readonly int _upperShift;
    private readonly long _upperSpan;

    public int OffsetBits => _offsetBits;
    public long BurstBytes => 1L << _offsetBits;

    public AddressMapper(Organisation o)
    {
        Validate(o, "config");
        _offsetBits = BitOperations.Log2((uint)o.AccessBytes);
        var fields = Parse(o.AddressMapping, "config");
        int shift = _offsetBits;
        var upper = new List<(int, long)>();
        _upperSpan = 1;
        for (int i = fields.Count - 1; i >= 0; i--)
        {
            var f = fields[i];
            int count = Count(o, f);
            if (upper.Count > 0 || !BitOperations.IsPow2(count))
            {
                upper.Add(((int)f, count));
                _upperSpan *= count;
                continue;
            }
            int bits = BitOperations.Log2((uint)count);
            _shift[(int)f] = shift;
            _mask[(int)f] = (1L << bits) - 1;
            shift += bits;
        }
        _upper = [.. upper];
        _upperShift = shift;
        _xor = o.XorBankHash;
        _bgCount = o.BankGroups;
        _bpg = o.BanksPerGroup;
        _bankMask = _bpg - 1;
        _bgMask = _bgCount - 1;
    }

    private void DecodeUpper(long address, ref DecodedAddress d)
    {
        long rest = (long)((ulong)address >> _upperShift) % _upperSpan;
        foreach (var (f, count) in _upper)
        {
            int v = (int)(rest % count);
            rest /= count;
            switch ((Field)f)
            {
                case Field.Row: d.Row = v; break;
                case Field.Bank: d.BankInGroup = v; break;
                case Field.BankGroup: d.BankGroup = v; break;
                case Field.StackId: d.StackId = v; break;
                case Field.Channel: d.Channel = v; break;
                case Field.PseudoChannel: d.PseudoChannel = v; break;
                default: d.Column = v; break;
            }
        }
    }

    private static int Value(in DecodedAddress d, Field f, int bank, int bg) => f switch
    {
        Field.Row => d.Row,
        Field.Bank => bank,
        Field.BankGroup => bg,
        Field.StackId => d.StackId,
        Field.Channel => d.Channel,
        Field.PseudoChannel => d.PseudoChannel,
        _ => d.Column,
    };

    public void Decode(long address, out DecodedAddress d)
    {
        d.Channel = (int)((address >> _shift[(int)Field.Channel]) & _mask[(int)Field.Channel]);
        d.PseudoChannel = (int)((address >> _shift[(int)Field.PseudoChannel]) & _mask[(int)Field.PseudoChannel]);
        d.StackId = (int)((address >> _shift[(int)Field.StackId]) & _mask[(int)Field.StackId]);
        d.BankGroup = (int)((address >> _shift[(int)Field.BankGroup]) & _mask[(int)Field.BankGroup]);
        d.BankInGroup = (int)((address >> _shift[(int)Field.Bank]) & _mask[(int)Field.Bank]);
        d.Row = (int)((address >> _shift[(int)Field.Row]) & _mask[(int)Field.Row]);
        d.Column = (int)((address >> _shift[(int)Field.Column]) & _mask[(int)Field.Column]);
        d.Bank = 0;
        if (_upper.Length > 0) DecodeUpper(address, ref d);
        if (_xor)
        {
            d.BankInGroup ^= d.Row & _bankMask;
            d.BankGroup ^= (d.Row >> BitOperations.Log2((uint)_bpg)) & _bgMask;
        }
        d.Bank = (d.StackId * _bgCount + d.BankGroup) * _bpg + d.BankInGroup;
    }

    /// <summary>The inverse of <see cref="Decode"/> (offset 0); used by tests and generators.</summary>
    public long Encode(in DecodedAddress d)
    {
        int bank = d.BankInGroup, bg = d.BankGroup;
        if (_xor)
        {
            bank ^= d.Row & _bankMask;
            bg ^= (d.Row >> BitOperations.Log2((uint)_bpg)) & _bgMask;
        }
        long a = 0;
        a |= ((long)d.Channel & _mask[(int)Field.Channel]) << _shift[(int)Field.Channel];
        a |= ((long)d.PseudoChannel & _mask[(int)Field.PseudoChannel]) << _shift[(int)Field.PseudoChannel];
        a |= ((long)d.StackId & _mask[(int)Field.StackId]) << _shift[(int)Field.StackId];
        a |= ((long)bg & _mask[(int)Field.BankGroup]) << _shift[(int)Field.BankGroup];
        a |= ((long)bank & _mask[(int)Field.Bank]) << _shift[(int)Field.Bank];
        a |= ((long)d.Row & _mask[(int)Field.Row]) << _shift[(int)Field.Row];
        a |= ((long)d.Column & _mask[(int)Field.Column]) << _shift[(int)Field.Column];
        long upper = 0, scale = 1;
        foreach (var (f, count) in _upper)
        {
            upper += Value(d, (Field)f, bank, bg) % count * scale;
            scale *= count;
        }
        return a | upper << _upperShift;
    }

    private static int Count(Organisation o, Field f) => f switch
    {
        Field.Row => o.Rows,
        Field.Bank => o.BanksPerGroup,
        Field.BankGroup => o.BankGroups,
        Field.StackId => o.StackIds,
        Field.Channel => o.Channels,
        Field.PseudoChannel => o.PseudoChannels,
        Field.Column => o.Columns,
        _ => 1,
    };

    private static List<Field> Parse(string mapping, string origin)
    {
        var s = mapping.Trim();
        if (s.Length == 0 || s.Length % 2 != 0)
            throw new ConfigException(origin, "org.AddressMapping", mapping, "expected two-letter fields (ro, ba, bg, ra/si, ch, pc, co), most significant first");
        var list = new List<Field>();
        for (int i = 0; i < s.Length; i += 2)
        {
            var tok = s.Substring(i, 2).ToLowerInvariant();
            Field f = tok switch
            {
                "ro" => Field.Row, "ba" => Field.Bank, "bg" => Field.BankGroup, "ra" or "si" => Field.StackId,
                "ch" => Field.Channel, "pc" => Field.PseudoChannel, "co" => Field.Column,
                _ => throw new ConfigException(origin, "org.AddressMapping", mapping,
                    $"unknown field '{s.Substring(i, 2)}' at position {i}; expected ro, ba, bg, ra/si, ch, pc or co"),
            };
            if (list.Contains(f)) throw new ConfigException(origin, "org.AddressMapping", mapping, $"field '{tok}' appears twice");
            list.Add(f);
        }
        return list;
    }

    /// <summary>Checks that every field with more than one value is placed by the mapping.</summary>
    public static void Validate(Organisation o, string origin)
    {
        var fields = Parse(o.AddressMapping, origin);
        foreach (var f in Enum.GetValues<Field>())
            if (Count(o, f) > 1 && !fields.Contains(f))
                throw new ConfigException(origin, "org.AddressMapping", o.AddressMapping,
                    $"the mapping must place {f} ({Count(o, f)} values) but has no '{Token(f)}' field");
    }

    private static string Token(Field f) => f switch
    {
        Field.Row => "ro", Field.Bank => "ba", Field.BankGroup => "bg", Field.StackId => "ra/si",
        Field.Channel => "ch", Field.PseudoChannel => "pc", _ => "co",
    };
}
