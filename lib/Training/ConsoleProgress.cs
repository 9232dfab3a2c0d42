namespace SeqRecLab.Training;

/// <summary>A progress bar on the terminal's standard error (one line rewritten in place); plain lines when redirected.</summary>
public static class ConsoleProgress
{
    /// <summary>Writes <paramref name="p"/> as the current progress line.</summary>
    public static void Report(TrainingProgress p)
    {
        if (Console.IsErrorRedirected) Console.Error.WriteLine(p.ToString());
        else
        {
            Console.Error.Write("\r" + p.ToString().PadRight(Math.Max(0, SafeWidth() - 1)));
            if (p.StopReason is not null) Console.Error.WriteLine();
        }
    }

    static int SafeWidth()
    {
        try { return Console.WindowWidth > 0 ? Console.WindowWidth : 120; } catch (IOException) { return 120; }
    }
}
