using Microsoft.DotNet.Interactive.Documents;
using static SeqRecLab.Executor.Tests.TestSupport;

namespace SeqRecLab.Executor.Tests;

/// <summary>Several notebooks in one process (a folder run, the notebook tests) format their outputs alike.</summary>
public class RepeatedRunTests
{
    [Fact]
    public async Task A_formatter_registered_again_in_a_second_run_still_renders_html()
    {
        var dir = TempFolder("repeat");
        var nb = Path.Combine(dir, "register.ipynb");
        File.WriteAllText(nb, """
            {"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": [
              "Microsoft.DotNet.Interactive.Formatting.Formatter.Register(typeof(System.Version), (o, w) => w.Write($\"<b class='v'>{o}</b>\"), \"text/html\");\n",
              "new Version(1, 2)"]}],
             "metadata": {"kernelspec": {"language": "C#", "name": ".net-csharp"}}, "nbformat": 4, "nbformat_minor": 5}
            """);
        foreach (var run in new[] { 1, 2 })
        {
            var (r, _, _) = await RunAsync(nb);
            Assert.True(r.Succeeded, r.Error);
            var output = Assert.IsType<ReturnValueElement>(Assert.Single(Outputs(r, 0)));
            Assert.Equal("<b class='v'>1.2</b>", Data(output)["text/html"]);
        }
    }
}
