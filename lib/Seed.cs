using TorchSharp;

namespace SeqRecLab;

/// <summary>One seeding helper: seeds TorchSharp and returns a <see cref="Random"/> to pass explicitly to samplers and splitters.</summary>
public static class Seed
{
    /// <summary>Seeds torch (CPU and CUDA) with <paramref name="seed"/> and returns a new <see cref="Random"/> seeded the same way.</summary>
    public static Random Everything(int seed)
    {
        torch.manual_seed(seed);
        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
        return new Random(seed);
    }
}
