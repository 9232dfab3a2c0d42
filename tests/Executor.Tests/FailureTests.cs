using static SeqRecLab.Executor.Tests.TestSupport;

namespace SeqRecLab.Executor.Tests;

public class FailureTests
{
    [Fact]
    public void Failing_cell_exits_non_zero_naming_the_cell_and_writes_the_partial_notebook()
    {
        var outDir = TempFolder("failing-cli");
        var (code, stdout, stderr, _) = RunProcess(Fixture("failing.ipynb"), "--out", outDir);
        Assert.Equal(1, code);
        Assert.Contains("ran first", stdout);
        Assert.DoesNotContain("never runs", stdout);
        Assert.Contains("cell 3 (code cell 2) failed: \"// second code cell\"", stderr);
        Assert.Contains("System.InvalidOperationException: the model diverged", stderr);
        Assert.Contains("FAILED   failing.ipynb", stderr);

        var nb = NotebookFile.Load(Path.Combine(outDir, "failing.ipynb"));
        var written = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "failing.ipynb")))!;
        var cells = written["cells"]!.AsArray();
        Assert.Equal("ran first\n", Text(cells[1]!["outputs"]![0]!["text"]));
        var error = cells[2]!["outputs"]![0]!;
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.Equal("System.InvalidOperationException", error["ename"]!.GetValue<string>());
        Assert.Equal("the model diverged", error["evalue"]!.GetValue<string>());
        Assert.Null(cells[3]!["execution_count"]);            // the cell after the failure never ran
        Assert.Empty(cells[3]!["outputs"]!.AsArray());
        Assert.Equal(4, nb.Elements.Count);
        Assert.Contains("the model diverged", File.ReadAllText(Path.Combine(outDir, "failing.html")));
    }

    [Fact]
    public async Task Compile_error_is_reported_with_its_line()
    {
        var (r, _, progress) = await RunAsync(Fixture("compile-error.ipynb"));
        Assert.False(r.Succeeded);
        var f = r.Failure!;
        Assert.Equal((2, 2, "var a = 1;", "CompilationError"), (f.CellNumber, f.CodeCellIndex, f.FirstLine, f.ErrorType));
        Assert.Contains("(3,13): error CS0103: The name 'undefinedName' does not exist in the current context", f.Message);
        Assert.Contains("cell 2 (code cell 2) failed: \"var a = 1;\"", progress.ToString());
        Assert.Equal(1, r.CellsRun);
    }

    [Fact]
    public async Task Cells_compile_with_the_kernels_language_version_csharp_14()
    {
        var (r, _, _) = await RunAsync(Fixture("csharp14.ipynb"));
        Assert.True(r.Succeeded, r.Error);   // null-conditional assignment, new in C# 14
        Assert.Equal(2, r.CellsRun);
    }

    [Fact]
    public void Cell_timeout_fails_the_run_naming_the_cell()
    {
        var outDir = TempFolder("timeout-cli");
        // 5 s: long enough that the first cell's compilation never hits it on a loaded machine, short enough to test
        var (code, _, stderr, elapsed) = RunProcess(Fixture("timeout.ipynb"), "--cell-timeout", "5", "--out", outDir);
        Assert.Equal(1, code);
        Assert.Contains("cell 2 (code cell 2) failed: \"long spins = 0;\"", stderr);
        Assert.Contains("Timeout: the cell did not finish within the cell timeout of 5 s", stderr);
        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"took {elapsed}");
        Assert.Contains("\"ename\": \"Timeout\"", File.ReadAllText(Path.Combine(outDir, "timeout.ipynb")));
    }

    [Fact]
    public async Task A_magic_command_the_kernel_does_not_know_fails_its_cell()
    {
        var (r, _, _) = await RunAsync(Fixture("magic.ipynb"));
        Assert.False(r.Succeeded);
        Assert.Equal((2, 2, "#!nosuchmagic"), (r.Failure!.CellNumber, r.Failure.CodeCellIndex, r.Failure.FirstLine));
        Assert.Contains("#!nosuchmagic", r.Failure.Message);
        Assert.Equal(1, r.CellsRun);
    }

    [Fact]
    public async Task Cell_of_another_language_is_an_error_naming_the_cell()
    {
        var (r, _, _) = await RunAsync(Fixture("other-language.ipynb"));
        Assert.False(r.Succeeded);
        Assert.Equal((2, "UnsupportedLanguage"), (r.Failure!.CellNumber, r.Failure.ErrorType));
        Assert.Contains("\"fsharp\"", r.Failure.Message);
    }

    [Fact]
    public async Task Missing_notebook_is_a_failed_result()
    {
        var (r, _, _) = await RunAsync(Path.Combine(TempFolder("missing"), "nope.ipynb"));
        Assert.False(r.Succeeded);
        Assert.EndsWith("nope.ipynb: no such notebook", r.Error);
    }
}
