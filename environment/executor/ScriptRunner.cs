using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace SeqRecLab.Executor;

/// <summary>The outcome of one submission: whether it ended in an expression whose value is the cell's result, and that value.</summary>
public sealed record SubmissionResult(bool HasValue, object? Value);

/// <summary>
/// One C# script state for a whole notebook: the first cell runs with <c>CSharpScript.RunAsync</c>, each later one with
/// <c>ContinueWithAsync</c>, so variables, types and usings carry over. Imports and references match .NET Interactive's
/// C# kernel: <c>System</c>, <c>System.Text</c>, <c>System.Collections</c>, <c>System.Collections.Generic</c>,
/// <c>System.Threading.Tasks</c>, <c>System.Linq</c> and <c>Microsoft.DotNet.Interactive.Formatting</c>, the whole
/// shared framework, and the formatter assembly.
/// </summary>
public sealed class ScriptRunner
{
    static readonly string[] DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq",
         "Microsoft.DotNet.Interactive.Formatting"];

    static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);

    /// <summary>
    /// The C# version cells compile with: the one the frozen Polyglot Notebooks / .NET Interactive C# kernel reports
    /// (language_info 13.0 in the notebooks it writes), not the newer one this Roslyn knows, so that a notebook using a
    /// later feature fails here rather than only in Polyglot.
    /// </summary>
    public const LanguageVersion Language = LanguageVersion.CSharp13;

    readonly NotebookGlobals globals;
    ScriptOptions options;
    ScriptState<object>? state;
    readonly HashSet<string> referenced = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a runner whose scripts see <paramref name="globals"/>'s members; relative <c>#load</c>/file paths resolve from <paramref name="baseDirectory"/>.</summary>
    public ScriptRunner(NotebookGlobals globals, string baseDirectory)
    {
        this.globals = globals;
        options = ScriptOptions.Default
            .WithLanguageVersion(Language)
            .WithAllowUnsafe(true)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8)
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, baseDirectory))
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory))
            .WithReferences(FrameworkReferences.Value)
            .AddReferences(typeof(NotebookGlobals).Assembly, DisplayFormatter.FormattingAssembly,
                typeof(Microsoft.AspNetCore.Html.IHtmlContent).Assembly)
            .WithImports(DefaultImports);
        foreach (var r in options.MetadataReferences.OfType<PortableExecutableReference>())
            if (r.FilePath is { } f) referenced.Add(Path.GetFileNameWithoutExtension(f));
        foreach (var a in new[] { typeof(NotebookGlobals).Assembly, DisplayFormatter.FormattingAssembly, typeof(Microsoft.AspNetCore.Html.IHtmlContent).Assembly })
            referenced.Add(a.GetName().Name!);
    }

    /// <summary>Makes <paramref name="assemblies"/> (already loaded in the default context) visible to later cells.</summary>
    public void AddReferences(IEnumerable<Assembly> assemblies)
    {
        // One reference per simple name: an assembly the framework or the executor already provides is not added again.
        var fresh = assemblies.Where(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location) && referenced.Add(a.GetName().Name!)).ToList();
        if (fresh.Count > 0) options = options.AddReferences(fresh);
    }

    /// <summary>
    /// Starts the script state with an empty submission and formats one value, so that the compiler's and the
    /// formatter's one-time start-up (seconds on a cold process) is not charged to the first cell's time limit.
    /// </summary>
    public async Task WarmUpAsync()
    {
        if (state is not null) return;
        state = await CSharpScript.RunAsync<object>("", options, globals, typeof(NotebookGlobals));
        DisplayFormatter.Format(0);
    }

    /// <summary>
    /// Compiles and runs one cell's code (directives already removed) on the calling thread.
    /// </summary>
    /// <exception cref="CompilationErrorException">The code does not compile.</exception>
    public async Task<SubmissionResult> RunAsync(string code, CancellationToken cancel)
    {
        state = state is null
            ? await CSharpScript.RunAsync<object>(code, options, globals, typeof(NotebookGlobals), cancel)
            : await state.ContinueWithAsync<object>(code, options, cancel);
        bool hasValue = EndsWithValue(state.Script.GetCompilation());
        return new SubmissionResult(hasValue, hasValue ? state.ReturnValue : null);
    }

    /// <summary>
    /// True when the submission's last statement is an expression without a semicolon whose type is not void: Roslyn
    /// then returns its value, and .NET Interactive shows it as the cell's result.
    /// </summary>
    static bool EndsWithValue(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.LastOrDefault();
        if (tree?.GetRoot() is not Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax unit) return false;
        if (unit.Members.LastOrDefault() is not Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax
            { Statement: Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionStatementSyntax es } || !es.SemicolonToken.IsMissing)
            return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(es.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    /// <summary>Every managed assembly of the running shared framework (implementation assemblies, as .NET Interactive references).</summary>
    static ImmutableArray<MetadataReference> LoadFrameworkReferences()
    {
        var dir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var refs = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var f in Directory.EnumerateFiles(dir, "*.dll").Order(StringComparer.Ordinal))
        {
            if (!IsManaged(f)) continue;
            refs.Add(MetadataReference.CreateFromFile(f));
        }
        return refs.ToImmutable();
    }

    static bool IsManaged(string path)
    {
        try
        {
            using var s = File.OpenRead(path);
            using var pe = new PEReader(s);
            return pe.HasMetadata && pe.GetMetadataReader().IsAssembly;
        }
        catch (BadImageFormatException) { return false; }
    }
}
