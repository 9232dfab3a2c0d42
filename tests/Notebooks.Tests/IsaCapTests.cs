using SeqRecLab.TestSupport;
using Xunit.Abstractions;

namespace SeqRecLab.Notebooks.Tests;

/// <summary>
/// Every notebook's quick profile runs, and every claim it records holds, under every other oneDNN ISA cap the CPU
/// supports: <see cref="QuickProfileTests"/> again in a child <c>dotnet test</c> per cap (the run that started them covers
/// the level in effect). libtorch picks CPU kernels by instruction set, and notebook 02 once went NaN under AVX-512 only.
/// </summary>
public class IsaCapTests(ITestOutputHelper output)
{
    public static TheoryData<string> Caps => IsaCapRuns.OtherCaps();

    [SkippableTheory]
    [MemberData(nameof(Caps))]
    public void The_quick_profiles_and_their_claims_hold_under_another_isa_cap(string cap) =>
        IsaCapRuns.AssertPassUnder(cap, typeof(IsaCapTests).Assembly, $"FullyQualifiedName~{typeof(QuickProfileTests).FullName}",
            minimumPassed: NotebookPaths.All().Cast<object[]>().Count(), TimeSpan.FromMinutes(30), output.WriteLine);
}
