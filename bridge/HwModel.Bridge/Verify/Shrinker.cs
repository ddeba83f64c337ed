namespace HwModel.Bridge.Verify;

/// <summary>
/// Shrinks a failing case to a short one that still fails: drops runs of commands, halving the run length down to
/// single commands, until no single command can go (delta debugging). Any subsequence is a valid case because the
/// reference decides what each must give, so every candidate is a fair test.
/// </summary>
public static class Shrinker
{
    /// <summary>The shortest failing case found within <paramref name="budget"/> runs, and how many ran.</summary>
    public static (VerifyCase Case, CaseOutcome Outcome, int Runs) Shrink(VerifyCase failing, CaseOutcome outcome,
        Func<VerifyCase, CaseOutcome> run, int budget = 2000)
    {
        var cur = failing;
        var curOutcome = outcome;
        int runs = 0;
        // what comes after the first divergence cannot be needed for it
        if (outcome.FirstDivergence >= 0 && outcome.FirstDivergence + 1 < cur.Commands.Count)
        {
            var cut = cur.With(cur.Commands.Take(outcome.FirstDivergence + 1).ToList());
            var o = run(cut);
            runs++;
            if (!o.Passed) { cur = cut; curOutcome = o; }
        }
        int chunk = Math.Max(1, cur.Commands.Count / 2);
        while (runs < budget)
        {
            bool progress = false;
            for (int start = 0; start < cur.Commands.Count && runs < budget;)
            {
                if (cur.Commands.Count <= 1) break;
                int len = Math.Min(chunk, cur.Commands.Count - start);
                var list = cur.Commands.Take(start).Concat(cur.Commands.Skip(start + len)).ToList();
                if (list.Count == 0) { start += len; continue; }
                var cand = cur.With(list);
                var o = run(cand);
                runs++;
                if (!o.Passed) { cur = cand; curOutcome = o; progress = true; }
                else start += len;
            }
            if (chunk == 1 && !progress) break;
            if (!progress) chunk = Math.Max(1, chunk / 2);
        }
        return (cur, curOutcome, runs);
    }
}
