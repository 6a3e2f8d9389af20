namespace LvsActors.TestSupport;

/// <summary>Waiting for something another thread or process brings about, without a fixed sleep.</summary>
public static class Poll
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="seconds"/> pass; returns whether it held.</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, double seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (condition())
            {
                return true;
            }
            await Task.Delay(20).ConfigureAwait(false);
        }
        return condition();
    }
}
