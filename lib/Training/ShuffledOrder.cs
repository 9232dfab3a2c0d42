using static TorchSharp.torch;

namespace SeqRecLab.Training;

/// <summary>
/// Hands out sequence indices in epochs: each epoch is a fresh random permutation of 0…count−1 drawn with torch's
/// generator on the device, and consecutive calls take consecutive slices of it (a slice that runs past the end of a
/// permutation continues with the next one). So every sequence gives exactly one sample per <c>count</c> draws, as
/// in the authors' data generator (aprec), and batches need no host work beyond one integer cursor.
/// </summary>
public sealed class ShuffledOrder
{
    readonly int count;
    readonly Device device;
    Tensor permutation;
    int cursor;

    /// <summary>An order over <paramref name="count"/> ≥ 1 indices on <paramref name="device"/>.</summary>
    public ShuffledOrder(int count, Device device)
    {
        this.count = Check.Positive(count);
        this.device = device;
        permutation = NewPermutation();
    }

    Tensor NewPermutation() => randperm(count, dtype: ScalarType.Int64, device: device).DetachFromDisposeScope();

    /// <summary>The next <paramref name="size"/> ≥ 1 indices (int64 [size], on the device).</summary>
    public Tensor Next(int size)
    {
        Check.Positive(size);
        var parts = new List<Tensor>();
        int left = size;
        while (left > 0)
        {
            if (cursor == count)
            {
                permutation.Dispose();
                permutation = NewPermutation();
                cursor = 0;
            }
            int take = Math.Min(left, count - cursor);
            parts.Add(permutation.narrow(0, cursor, take));
            cursor += take;
            left -= take;
        }
        return parts.Count == 1 ? parts[0].clone() : cat(parts, 0);
    }

    /// <summary>Writes the current permutation and the cursor in it.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(cursor);
        TorchSharp.TensorExtensionMethods.Save(permutation, writer);
    }

    /// <summary>Continues from what <see cref="Save"/> wrote (an order over the same count).</summary>
    public void Load(BinaryReader reader)
    {
        int at = reader.ReadInt32();
        if (at < 0 || at > count) throw new InvalidDataException($"saved cursor {at} is outside 0..{count}");
        TorchSharp.TensorExtensionMethods.Load(permutation, reader, false);
        cursor = at;
    }
}
