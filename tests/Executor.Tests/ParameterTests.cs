using Microsoft.DotNet.Interactive.Documents;
using static SeqRecLab.Executor.Tests.TestSupport;

namespace SeqRecLab.Executor.Tests;

public class ParameterTests
{
    static KeyValuePair<string, string> P(string k, string v) => new(k, v);

    [Fact]
    public async Task Overridden_values_are_injected_after_the_parameters_cell()
    {
        var (r, _, _) = await RunAsync(Fixture("parameters.ipynb"), [P("Profile", "quick \"ml-1m\""), P("Epochs", "3")]);
        Assert.True(r.Succeeded, r.Error);
        var cells = r.Executed!.Elements;
        Assert.Equal(4, cells.Count);
        Assert.Equal(["injected-parameters"], NotebookFile.Tags(cells[2]));
        Assert.Equal("injected-parameters", cells[2].Id);
        Assert.Equal("// Injected parameters (--param)\nProfile = \"quick \\\"ml-1m\\\"\";\nEpochs = 3;", cells[2].Contents);
        // the string keeps its quotes; 3 stays an int; Verbose keeps its default
        Assert.Equal("quick \"ml-1m\"|3|False|String|Int32\n", ((TextElement)cells[3].Outputs[0]).Text);
        Assert.Equal(["injected-parameters"], TestSupport.WrittenNotebook(r)["cells"]![2]!["metadata"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Without_params_the_defaults_run_and_no_cell_is_injected()
    {
        var (r, _, _) = await RunAsync(Fixture("parameters.ipynb"));
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal(3, r.Executed!.Elements.Count);
        Assert.Equal("full|10|False|String|Int32\n", ((TextElement)r.Executed.Elements[2].Outputs[0]).Text);
    }

    [Fact]
    public async Task Unknown_parameter_is_rejected_listing_the_known_ones()
    {
        var (r, _, _) = await RunAsync(Fixture("parameters.ipynb"), [P("Dataset", "ml-1m")]);
        Assert.False(r.Succeeded);
        Assert.Equal("unknown parameter Dataset: the parameters cell (cell 2) declares Profile, Epochs, Verbose", r.Error);
        Assert.Null(r.ExecutedNotebookPath);
    }

    [Fact]
    public async Task Param_without_a_parameters_cell_is_an_error()
    {
        var (r, _, _) = await RunAsync(Fixture("failing.ipynb"), [P("Profile", "quick")]);
        Assert.False(r.Succeeded);
        Assert.StartsWith("--param was given, but the notebook has no code cell tagged \"parameters\"", r.Error);
    }

    [Theory]
    [InlineData("3", "3")]
    [InlineData("-0.25", "-0.25")]
    [InlineData("1e-3", "1e-3")]
    [InlineData("10L", "10L")]
    [InlineData("0.5f", "0.5f")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("True", "\"True\"")]          // C# keywords are lower-case; anything else is a string
    [InlineData("ml-1m", "\"ml-1m\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    [InlineData("", "\"\"")]
    [InlineData("a\"b\\c\n", "\"a\\\"b\\\\c\\n\"")]
    public void Literal_follows_CSharp_rules(string value, string expected) =>
        Assert.Equal(expected, ParameterInjector.Literal(value));

    [Fact]
    public void Declared_names_are_the_top_level_variables()
    {
        Assert.Equal(["A", "B", "C", "D"], ParameterInjector.DeclaredNames("var A = 1;\nint B = 2, C = 3;\n// var X = 0;\nvar D = \"x\";\nConsole.WriteLine(A);"));
    }

    [Fact]
    public void Assignment_parsing_keeps_equals_signs_in_the_value()
    {
        Assert.Equal(new KeyValuePair<string, string>("Query", "a=b"), ParameterInjector.ParseAssignment("Query=a=b"));
        Assert.Throws<ArgumentException>(() => ParameterInjector.ParseAssignment("=x"));
        Assert.Throws<ArgumentException>(() => ParameterInjector.ParseAssignment("NoValue"));
    }
}
