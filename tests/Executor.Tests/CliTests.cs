using static SeqRecLab.Executor.Tests.TestSupport;

namespace SeqRecLab.Executor.Tests;

public class CliTests
{
    [Fact]
    public void Parses_options_in_both_spellings()
    {
        var a = Cli.Parse(["a.ipynb", "--param", "Profile=quick", "--param=Dataset=ml-1m", "--out", "o", "--timeout=90", "--cell-timeout", "2.5", "dir"]);
        Assert.Equal(["a.ipynb", "dir"], a.Inputs);
        Assert.Equal([new("Profile", "quick"), new KeyValuePair<string, string>("Dataset", "ml-1m")], a.Parameters);
        Assert.Equal(("o", TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(2.5)), (a.Out, a.Timeout, a.CellTimeout));
    }

    [Theory]
    [InlineData("--timeout", "0", "--timeout expects a positive number of seconds, got \"0\"")]
    [InlineData("--cell-timeout", "x", "--cell-timeout expects a positive number of seconds, got \"x\"")]
    [InlineData("--frobnicate", "1", "unknown option --frobnicate")]
    public void Rejects_bad_options(string option, string value, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => Cli.Parse([option, value])).Message);

    [Fact]
    public void Folder_expands_to_its_notebooks_sorted()
    {
        var names = Cli.Expand([Fixtures]).Select(Path.GetFileName).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Contains("basic.ipynb", names);
        Assert.Equal(Directory.GetFiles(Fixtures, "*.ipynb").Length, names.Count);
    }

    [Fact]
    public async Task List_prints_what_would_run_and_runs_nothing()
    {
        var stdout = new StringWriter();
        int code = await Cli.RunAsync([Fixture("failing.ipynb"), Fixture("basic.ipynb"), "--list", "--out", "/tmp/x"], stdout, new StringWriter());
        Assert.Equal(0, code);
        Assert.Equal([$"{Fixture("failing.ipynb")} -> /tmp/x/failing", $"{Fixture("basic.ipynb")} -> /tmp/x/basic"],
            stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Several_notebooks_exit_non_zero_when_one_fails_with_a_summary_each()
    {
        var outDir = TempFolder("multi");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await Cli.RunAsync([Fixture("parameters.ipynb"), Fixture("compile-error.ipynb"), "--out", outDir], stdout, stderr);
        Assert.Equal(1, code);
        var summary = stderr.ToString();
        Assert.Contains("OK       parameters.ipynb (", summary);
        Assert.Contains($"-> {Path.Combine(outDir, "parameters")}", summary);
        Assert.Contains("FAILED   compile-error.ipynb (", summary);
        Assert.Contains("cell 2 (code cell 2) \"var a = 1;\": CompilationError: (3,13): error CS0103", summary);
        Assert.True(File.Exists(Path.Combine(outDir, "parameters", "parameters.ipynb")));
        Assert.True(File.Exists(Path.Combine(outDir, "compile-error", "compile-error.html")));
    }

    [Fact]
    public void Usage_errors_exit_with_2()
    {
        var (code, _, stderr, _) = RunProcess("no-such-notebook.ipynb");
        Assert.Equal(2, code);
        Assert.Contains("error: no-such-notebook.ipynb: no such file or folder", stderr);
    }
}
