using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.DotNet.Interactive.Documents;

namespace SeqRecLab.Executor;

/// <summary>
/// Papermill-style parameters: the first cell tagged <c>parameters</c> declares them (<c>var Name = default;</c>);
/// values given on the command line go into a new cell tagged <c>injected-parameters</c>, placed right after it,
/// holding one <c>Name = value;</c> assignment per parameter, in the order given.
/// </summary>
public static class ParameterInjector
{
    /// <summary>The tag of the cell that declares the parameters.</summary>
    public const string ParametersTag = "parameters";

    /// <summary>The tag of the cell the executor inserts.</summary>
    public const string InjectedTag = "injected-parameters";

    static readonly Regex Identifier = new(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.Compiled);
    static readonly Regex Number = new(@"^[+-]?(\d+(\.\d+)?([eE][+-]?\d+)?[fFdDmM]?|\d+[lLuU]{0,2})$", RegexOptions.Compiled);

    /// <summary>
    /// Inserts the injected cell and returns it, or returns null when <paramref name="parameters"/> is empty.
    /// </summary>
    /// <exception cref="ArgumentException">A malformed or repeated name, a notebook without a parameters cell, or a name
    /// the parameters cell does not declare (the message lists the declared ones).</exception>
    public static InteractiveDocumentElement? Inject(InteractiveDocument notebook, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        if (parameters.Count == 0) return null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in parameters)
        {
            if (!Identifier.IsMatch(name)) throw new ArgumentException($"--param: \"{name}\" is not a C# identifier");
            if (!seen.Add(name)) throw new ArgumentException($"--param: {name} is given more than once");
        }
        var cells = notebook.Elements;
        int index = cells.ToList().FindIndex(c => NotebookFile.IsCode(c) && NotebookFile.Tags(c).Contains(ParametersTag));
        if (index < 0)
            throw new ArgumentException("--param was given, but the notebook has no code cell tagged \"parameters\" " +
                "(add the tag in the cell's metadata: \"tags\": [\"parameters\"])");
        var declared = DeclaredNames(cells[index].Contents);
        var unknown = parameters.Select(p => p.Key).Where(n => !declared.Contains(n)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"unknown parameter{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)}: " +
                $"the parameters cell (cell {index + 1}) declares {(declared.Count == 0 ? "none" : string.Join(", ", declared))}");
        var code = "// Injected parameters (--param)\n" + string.Join("\n", parameters.Select(p => $"{p.Key} = {Literal(p.Value)};"));
        var cell = NotebookFile.NewCode(code, InjectedTag, InjectedTag);
        cells.Insert(index + 1, cell);
        return cell;
    }

    /// <summary>
    /// The top-level variables a parameters cell declares (<c>var Name = ...;</c> or <c>int Name = ...;</c>), in order.
    /// </summary>
    public static IReadOnlyList<string> DeclaredNames(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script));
        // In a script, a top-level declaration parses as a field of the script class (or, in some forms, a global statement).
        var names = new List<string>();
        foreach (var member in tree.GetCompilationUnitRoot().Members)
        {
            var declaration = member switch
            {
                FieldDeclarationSyntax f => f.Declaration,
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l } => l.Declaration,
                _ => null,
            };
            if (declaration is not null) names.AddRange(declaration.Variables.Select(v => v.Identifier.ValueText));
        }
        return names;
    }

    /// <summary>
    /// The C# literal for a command-line value: numbers (<c>42</c>, <c>-0.5</c>, <c>1e-3</c>, <c>3f</c>, <c>10L</c>) and
    /// <c>true</c>/<c>false</c> as written, anything else as an escaped string literal.
    /// </summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is "true" or "false" || Number.IsMatch(value)) return value;
        return SymbolDisplay.FormatLiteral(value, quote: true);
    }

    /// <summary>Parses <c>Name=value</c> (the value may contain <c>=</c> and may be empty).</summary>
    /// <exception cref="ArgumentException">No <c>=</c>, or an empty name.</exception>
    public static KeyValuePair<string, string> ParseAssignment(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"--param expects Name=value, got \"{text}\"", nameof(text));
        return new(text[..eq].Trim(), text[(eq + 1)..]);
    }

}
