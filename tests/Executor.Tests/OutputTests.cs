using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using static SeqRecLab.Executor.Tests.TestSupport;

namespace SeqRecLab.Executor.Tests;

public class OutputTests
{
    [Fact]
    public async Task Basic_notebook_captures_every_kind_of_output_and_shares_state()
    {
        var (r, echo, progress) = await RunAsync(Fixture("basic.ipynb"));
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal(4, r.CellsRun);

        // cell 3 (code cell 2): stdout, stderr, then a display updated three times. The kernel publishes the handle's
        // updates under another value id than the first value (as Polyglot shows it): the first value, then the latest.
        var c2 = Outputs(r, 2);
        Assert.Equal(4, c2.Count);
        Assert.Equal(("stdout", "hello from stdout\n"), (((TextElement)c2[0]).Name, ((TextElement)c2[0]).Text));
        Assert.Equal(("stderr", "warning on stderr\n"), (((TextElement)c2[1]).Name, ((TextElement)c2[1]).Text));
        Assert.Equal(new Dictionary<string, string> { ["text/plain"] = "step 0 of 3" }, Data(c2[2]));   // a string shows as plain text
        Assert.Equal(new Dictionary<string, string> { ["text/plain"] = "step 3 of 3" }, Data(c2[3]));

        // cell 4 (code cell 3): the class from code cell 1 and the 40 added in code cell 2 → 40 + 2 = 42
        var result = Assert.IsType<ReturnValueElement>(Assert.Single(Outputs(r, 3)));
        Assert.Equal("count = 42", Data(result)["text/plain"]);

        // cell 5: HTML(...) is shown as HTML; the trailing 6 * 7 as the result, in the kernel's HTML form
        Assert.Equal(2, Outputs(r, 4).Count);
        Assert.Equal("<b id='bold'>bold &amp; html</b>", Data(Outputs(r, 4)[0])["text/html"]);
        Assert.Contains("<pre>42</pre>", Data(Outputs(r, 4)[1])["text/html"]);

        // terminal: outputs echoed (updates as lines), progress per cell on the progress writer
        Assert.Contains("step 0 of 3\nstep 1 of 3\nstep 2 of 3\nstep 3 of 3\n", echo.ToString().Replace("\r\n", "\n"));
        Assert.Contains("[4/5] code cell 3: counter.Add(2); (", progress.ToString());
        Assert.Contains("warning on stderr", progress.ToString());
    }

    [Fact]
    public async Task Executed_notebook_file_is_nbformat_4_5_with_ids_outputs_and_markdown_unchanged()
    {
        var (r, _, _) = await RunAsync(Fixture("basic.ipynb"));
        var written = WrittenNotebook(r);
        var original = (JsonObject)JsonNode.Parse(File.ReadAllText(Fixture("basic.ipynb")))!;
        var cells = written["cells"]!.AsArray();
        Assert.Equal(5, cells.Count);
        Assert.Equal((4, 5), ((int)written["nbformat"]!, (int)written["nbformat_minor"]!));
        Assert.Equal(Text(original["cells"]![0]!["source"]), Text(cells[0]!["source"]));     // markdown passes through
        Assert.Equal("markdown", (string?)cells[0]!["cell_type"]);
        Assert.True(JsonNode.DeepEquals(original["metadata"]!["kernelspec"], written["metadata"]!["kernelspec"]));
        Assert.True(JsonNode.DeepEquals(original["metadata"]!["polyglot_notebook"], written["metadata"]!["polyglot_notebook"]));
        Assert.Equal(new[] { "cell-1", "cell-2", "cell-3", "cell-4", "cell-5" }, cells.Select(c => (string?)c!["id"]));   // ids given where missing
        Assert.Equal(new[] { 1, 2, 3, 4 }, cells.Skip(1).Select(c => c!["execution_count"]!.GetValue<int>()));

        var outs = cells[2]!["outputs"]!.AsArray();
        Assert.Equal(new[] { "stream", "stream", "display_data", "display_data" }, outs.Select(o => o!["output_type"]!.GetValue<string>()));
        Assert.Equal("hello from stdout\n", Text(outs[0]!["text"]));
        Assert.Equal("step 3 of 3", Text(outs[3]!["data"]!["text/plain"]));

        var res = cells[3]!["outputs"]![0]!;
        Assert.Equal("execute_result", res["output_type"]!.GetValue<string>());
        Assert.Equal(3, res["execution_count"]!.GetValue<int>());
        Assert.Equal("count = 42", Text(res["data"]!["text/plain"]));
        Assert.Equal("<b id='bold'>bold &amp; html</b>", Text(cells[4]!["outputs"]![0]!["data"]!["text/html"]));
    }

    [Fact]
    public async Task Html_report_renders_markdown_and_inlines_outputs()
    {
        var (r, _, _) = await RunAsync(Fixture("basic.ipynb"));
        var html = File.ReadAllText(r.HtmlReportPath!);
        Assert.Contains("<h1>Basic notebook</h1>", html);
        Assert.Contains("<li>one</li>", html);
        Assert.Contains("<th>a</th><th>b</th>", html);
        Assert.Contains("<pre class=\"stream stdout\">hello from stdout\n</pre>", html);
        Assert.Contains("<pre>count = 42</pre>", html);
        Assert.Contains("<b id='bold'>bold &amp; html</b>", html);   // HTML output inlined, not escaped
        Assert.Contains("Console.WriteLine(&quot;hello from stdout&quot;);", html);   // code escaped
        Assert.Contains("succeeded", html);
        Assert.DoesNotContain(".tmp-", string.Join(",", Directory.GetFiles(r.OutputFolder)));
    }

    [Fact]
    public async Task Results_file_variable_points_into_the_output_folder_during_the_run_only()
    {
        Environment.SetEnvironmentVariable(NotebookRunner.ResultsEnvironmentVariable, "before");
        var (r, _, _) = await RunAsync(Fixture("results.ipynb"));
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal(Path.Combine(r.OutputFolder, "results.results.json"), r.ResultsPath);
        Assert.Equal("{\"hr10\": 0.5}", File.ReadAllText(r.ResultsPath));
        Assert.Equal("results.results.json", Data(Outputs(r, 0)[0])["text/plain"]);
        Assert.Equal("before", Environment.GetEnvironmentVariable(NotebookRunner.ResultsEnvironmentVariable));
        Environment.SetEnvironmentVariable(NotebookRunner.ResultsEnvironmentVariable, null);
    }
}
