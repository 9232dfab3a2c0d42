using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using static SeqRecLab.Executor.Tests.TestSupport;

namespace SeqRecLab.Executor.Tests;

public class DisplayTests
{
    [Fact]
    public async Task A_formatter_registered_in_a_cell_is_used_for_its_results()
    {
        var (r, _, _) = await RunAsync(Fixture("formatter.ipynb"));
        Assert.True(r.Succeeded, r.Error);
        var result = Assert.IsType<ReturnValueElement>(Assert.Single(Outputs(r, 1)));
        Assert.Equal("<span class='score'>SASRec: 0.50</span>", Data(result)["text/html"]);
        // explicit MIME types are honoured: plain text only
        var shown = Assert.IsType<DisplayElement>(Assert.Single(Outputs(r, 2)));
        Assert.Equal(["text/plain"], Data(shown).Keys);
        Assert.Contains("GRU4Rec", Data(shown)["text/plain"]);
        Assert.Contains("<span class='score'>SASRec: 0.50</span>", File.ReadAllText(r.HtmlReportPath!));
    }

    [Fact]
    public void A_display_update_replaces_the_output_with_its_value_id_and_console_text_merges()
    {
        var echo = new StringWriter();
        var recorder = new CellRecorder(echo, echo);
        var cell = new InteractiveDocumentElement("x", "csharp");
        var command = new SubmitCode("x");
        static FormattedValue[] Plain(string s) => [new FormattedValue("text/plain", s)];
        recorder.Record(cell);
        recorder.On(new DisplayedValueProduced(1, command, Plain("1"), "v"));
        recorder.On(new StandardOutputValueProduced(command, Plain("a")));
        recorder.On(new StandardOutputValueProduced(command, Plain("b\n")));
        recorder.On(new DisplayedValueUpdated(2, "v", command, Plain("2")));
        recorder.On(new DisplayedValueUpdated("done", "v", command, Plain("done")));
        recorder.On(new DisplayedValueUpdated(3, "w", command, Plain("3")));      // an id no output has: a new output
        recorder.On(new DisplayedValueUpdated(4, "w", command, Plain("4")));
        recorder.Record(null);
        recorder.On(new StandardOutputValueProduced(command, Plain("after")));   // between cells: echoed only

        Assert.Equal(3, cell.Outputs.Count);
        Assert.Equal(new Dictionary<string, string> { ["text/plain"] = "done" }, Data(cell.Outputs[0]));
        Assert.Equal("ab\n", ((TextElement)cell.Outputs[1]).Text);
        Assert.Equal(new Dictionary<string, string> { ["text/plain"] = "4" }, Data(cell.Outputs[2]));
        Assert.Equal("1\nab\n2\ndone\n3\n4\nafter", echo.ToString().Replace("\r\n", "\n"));
    }
}
