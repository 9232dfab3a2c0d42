using static SeqRecLab.Executor.Tests.TestSupport;

namespace SeqRecLab.Executor.Tests;

public class DisplayTests
{
    [Fact]
    public async Task Registered_html_formatter_is_used_for_results_shared_with_the_script()
    {
        var (r, _, _) = await RunAsync(Fixture("formatter.ipynb"));
        Assert.True(r.Succeeded, r.Error);
        var result = (DataOutput)Assert.Single(r.Executed!.Cells[1].Outputs);
        Assert.Equal(["text/html", "text/plain"], result.Data.Keys);
        Assert.Equal("<span class='score'>SASRec: 0.50</span>", result.Data["text/html"]);
        // explicit MIME types are honoured: plain text only
        var shown = (DataOutput)Assert.Single(r.Executed.Cells[2].Outputs);
        Assert.Equal(["text/plain"], shown.Data.Keys);
        Assert.Contains("GRU4Rec", shown.Data["text/plain"]);
        Assert.Contains("<span class='score'>SASRec: 0.50</span>", File.ReadAllText(r.HtmlReportPath!));
    }

    [Fact]
    public void Values_without_a_registered_html_formatter_are_plain_text()
    {
        Assert.Equal(new Dictionary<string, string> { ["text/plain"] = "[ 1, 2, 3 ]" }, DisplayFormatter.Format(new List<int> { 1, 2, 3 }));
        Assert.Equal(new Dictionary<string, string> { ["text/plain"] = "<null>" }, DisplayFormatter.Format(null));
        Assert.False(DisplayFormatter.HasRegisteredHtmlFormatter(typeof(Uri)));
    }

    [Fact]
    public void Display_handle_update_replaces_the_output()
    {
        var echo = new StringWriter();
        var sink = new OutputSink(echo);
        var cell = NotebookCell.NewCSharpCode("x");
        sink.Current = cell;
        var handle = new NotebookGlobals(sink).display(1);
        handle.Update(2);
        handle.Update("done");
        var output = (DataOutput)Assert.Single(cell.Outputs);
        Assert.Equal("done", output.Data["text/plain"]);
        Assert.Equal(2, output.UpdateCount);
        Assert.Equal("1\n2\ndone\n", echo.ToString().Replace("\r\n", "\n"));
    }
}
