using FsCheck;
using FsCheck.Fluent;
using HwModel.Controller;
using Xunit;

namespace HwModel.Tests;

/// <summary>The scheduler's sleep set against a plain reference: a bank sleeping within the wheel's reach wakes at
/// exactly its cycle, never later; a longer sleep may wake early but never late; the row-command wake report names
/// exactly the exact wakes of row-command sleeps.</summary>
public class SleepSetTests
{
    private sealed record Sleeper(long Since, long Until, bool Row);

    /// <summary>One step: sleep a bank for some cycles (kind 0), wake it (1), advance the clock by some cycles and
    /// expire (2), expire again at the same cycle (3) or clear (4). Few banks and mostly short times, so that the
    /// same bank sleeps, wakes and sleeps again between expiries.</summary>
    public sealed record Step(int Kind, int Bank, int Cycles, bool Row)
    {
        public override string ToString() => Kind switch
        {
            0 => $"sleep {Bank} +{Cycles}{(Row ? " row" : "")}", 1 => $"wake {Bank}", 2 => $"expire +{Cycles}",
            3 => "expire +0", _ => "clear",
        };
    }

    public static class Steps
    {
        public static Arbitrary<Step[]> Script()
        {
            var sleep = from bank in Gen.Choose(0, 7)
                        from cycles in Gen.Frequency((4, Gen.Choose(1, 24)), (1, Gen.Choose(25, 130)))
                        from row in Gen.Elements(true, false)
                        select new Step(0, bank, cycles, row);
            var wake = from bank in Gen.Choose(0, 7) select new Step(1, bank, 0, false);
            var expire = from cycles in Gen.Frequency((6, Gen.Choose(1, 12)), (1, Gen.Choose(13, 150))) select new Step(2, 0, cycles, false);
            var step = Gen.Frequency((8, sleep), (4, wake), (7, expire), (1, Gen.Constant(new Step(3, 0, 0, false))), (1, Gen.Constant(new Step(4, 0, 0, false))));
            return step.ArrayOf().ToArbitrary();
        }
    }

    [HwProperty(Arbitrary = [typeof(Steps)])]
    public Property SleepsEndExactlyAtTheirCycleOrEarlyBeyondTheWheel(Step[] script)
    {
        var set = new SleepSet(32);
        var reference = new Dictionary<int, Sleeper>();
        long now = 0;
        set.Expire(now);
        foreach (var (kind, bank, cycles, row) in script)
        {
            switch (kind)
            {
                case 0 when !reference.ContainsKey(bank): // the scheduler only puts awake banks to sleep
                    set.Sleep(bank, now + cycles, row);
                    reference[bank] = new Sleeper(now, now + cycles, row);
                    break;
                case 1:
                    set.Wake(bank);
                    reference.Remove(bank);
                    break;
                case 4:
                    set.Clear();
                    reference.Clear();
                    break;
                case 2 or 3:
                    now += cycles;
                    set.Expire(now);
                    var exactRowWakes = 0UL;
                    foreach (var (b, s) in reference.ToArray())
                    {
                        bool asleep = (set.Mask & (1UL << b)) != 0;
                        bool withinReach = s.Until - s.Since <= 64;
                        if (s.Until <= now && asleep) return Fail($"bank {b} slept until {s.Until} and is still asleep at {now}");
                        if (s.Until > now && withinReach && !asleep) return Fail($"bank {b} sleeping until {s.Until} woke early at {now}");
                        if (s.Until > now && asleep && set.Min > s.Until) return Fail($"Min {set.Min} is after bank {b}'s wake at {s.Until}");
                        if (!asleep)
                        {
                            if (s.Row && withinReach) exactRowWakes |= 1UL << b;
                            reference.Remove(b);
                        }
                    }
                    if (set.RowWoke != exactRowWakes) return Fail($"row wakes {set.RowWoke:X} at {now}, expected {exactRowWakes:X}");
                    break;
            }
        }
        return true.ToProperty();
    }

    private static Property Fail(string why) => false.Label(why);

    [Fact]
    public void AWokenBankThatSleepsAgainKeepsOnlyItsNewCycle()
    {
        var set = new SleepSet(8);
        set.Expire(0);
        set.Sleep(0, 10, rowCommand: true);
        set.Wake(0);
        set.Sleep(0, 20, rowCommand: true);
        set.Expire(10);
        Assert.Equal(1UL, set.Mask);
        set.Expire(20);
        Assert.Equal(0UL, set.Mask);
        Assert.Equal(1UL, set.RowWoke);
    }

    [Fact]
    public void ASleepBeyondTheWheelWakesWhenTheWheelComesRoundAndIsNotReportedExact()
    {
        var set = new SleepSet(16);
        set.Expire(100);
        set.Sleep(3, 500, rowCommand: true);
        set.Sleep(4, 130, rowCommand: true);
        set.Sleep(5, 130, rowCommand: false);
        Assert.Equal(130, set.Min);
        set.Expire(129);
        Assert.Equal(0b111000UL, set.Mask);
        set.Expire(130);
        Assert.Equal(1UL << 3, set.Mask);
        Assert.Equal(1UL << 4, set.RowWoke); // bank 5 slept on a column command
        set.Expire(164);
        Assert.Equal(0UL, set.Mask); // bank 3 looks again at 164, long before 500
        Assert.Equal(0UL, set.RowWoke);
    }
}
