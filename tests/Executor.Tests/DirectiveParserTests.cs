namespace SeqRecLab.Executor.Tests;

public class DirectiveParserTests
{
    const string Folder = "/notebooks/paper";

    [Fact]
    public void Extracts_directives_and_blanks_their_lines()
    {
        var d = DirectiveParser.Parse("#r \"nuget: TorchSharp, 0.107.0\"\n  #r \"nuget:Plotly.NET,6.0.0\"\n#i \"nuget: ../lib/bin/nupkg\"\n#i \"nuget: https://example.org/v3/index.json\"\n#r \"bin/My.dll\"\nvar x = 1;", Folder);
        Assert.Equal([new PackageReference("TorchSharp", "0.107.0"), new PackageReference("Plotly.NET", "6.0.0")], d.Packages);
        Assert.Equal(["/notebooks/lib/bin/nupkg", "https://example.org/v3/index.json"], d.Sources);
        Assert.Equal(["/notebooks/paper/bin/My.dll"], d.AssemblyPaths);
        Assert.Equal("\n\n\n\n\nvar x = 1;", d.Code);   // six lines still: diagnostics keep the cell's line numbers
    }

    [Theory]
    [InlineData("#r \"nuget: Humanizer.Core\"", "has no version")]
    [InlineData("#r \"nuget: Humanizer.Core, \"", "has no version")]
    [InlineData("#r \"nuget: Humanizer.Core, *\"", "is not an exact version")]
    [InlineData("#r \"nuget: Humanizer.Core, 2.*\"", "is not an exact version")]
    [InlineData("#r \"nuget: Humanizer.Core, [2.14.1,)\"", "has more than a name and a version")]
    [InlineData("#r \"nuget: Humanizer.Core, 2.14.1-*\"", "is not an exact version")]
    [InlineData("#r nuget: Humanizer.Core", "malformed directive")]
    [InlineData("#!fsharp", "magic command \"#!fsharp\" is not supported")]
    [InlineData("var x = 1;\n#!csharp", "line 2: magic command \"#!csharp\"")]
    public void Rejects_unpinned_packages_and_unsupported_magics(string source, string message) =>
        Assert.Contains(message, Assert.Throws<DirectiveException>(() => DirectiveParser.Parse(source, Folder)).Message);

    [Fact]
    public void Accepts_prerelease_versions_and_a_leading_csharp_kernel_line()
    {
        var d = DirectiveParser.Parse("#!csharp\n#r \"nuget: Microsoft.DotNet.Interactive.Formatting, 1.0.0-beta.23562.1\"\n1", Folder);
        Assert.Equal([new PackageReference("Microsoft.DotNet.Interactive.Formatting", "1.0.0-beta.23562.1")], d.Packages);
        Assert.Equal("\n\n1", d.Code);
    }
}
