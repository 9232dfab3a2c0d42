using SeqRecLab.TestSupport;
using Xunit.Abstractions;

namespace SeqRecLab.Tests.Backend;

/// <summary>
/// The library's tests (models, training, evaluation, everything but this class) pass under every other oneDNN ISA cap
/// the CPU supports, each in a child <c>dotnet test</c>: the run that started them covers the level in effect.
/// </summary>
public class IsaCapTests(ITestOutputHelper output)
{
    public static TheoryData<string> Caps => IsaCapRuns.OtherCaps();

    [SkippableTheory]
    [MemberData(nameof(Caps))]
    public void The_library_tests_pass_under_another_isa_cap(string cap) =>
        IsaCapRuns.AssertPassUnder(cap, typeof(IsaCapTests).Assembly, $"FullyQualifiedName!~{typeof(IsaCapTests).FullName}",
            minimumPassed: 200, TimeSpan.FromMinutes(15), output.WriteLine);
}
