using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace SeqRecLab.Executor;

/// <summary>
/// The .NET Interactive kernel the notebooks run in, composed as the tool <c>Microsoft.dotnet-interactive</c>
/// 1.0.712001 composes it for Polyglot Notebooks and Jupyter (its <c>KernelBuilder.CreateKernel</c>, C# part): a
/// <see cref="CompositeKernel"/> holding the served <see cref="CSharpKernel"/> with the <c>#r "nuget:"</c>/<c>#i</c>
/// directives, the kernel helpers (<c>display</c>), <c>#!who</c> and value sharing, and the formatter defaults of the
/// tool's browser front ends (HTML first, strings as plain text). The tool's other subkernels (F#, PowerShell, HTTP,
/// Mermaid, the connection directives) are not served as packages and no notebook of ours uses them.
/// </summary>
public static class KernelComposition
{
    /// <summary>The name of the C# subkernel (the notebooks' cells name it in their metadata).</summary>
    public const string CSharp = "csharp";

    /// <summary>A new kernel. The formatter is process-wide: this resets it to the tool's defaults.</summary>
    public static CompositeKernel Create()
    {
        Formatter.ResetToDefault();
        var csharp = new CSharpKernel()
            .UseNugetDirective((kernel, packages) =>
            {
                // what the tool's CSharpKernel.UseNugetDirective() does with a restore's result
                kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseWho()
            .UseValueSharing();
        var composite = new CompositeKernel();
        composite.Add(csharp, ["c#", "C#"]);
        composite.UseImportMagicCommand();
        composite.DefaultKernelName = CSharp;
        // KernelBuilder.SetUpFormatters for BrowserFrontendEnvironment (Polyglot's stdio and Jupyter front ends)
        Formatter.DefaultMimeType = HtmlFormatter.MimeType;
        Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);
        return composite;
    }
}
