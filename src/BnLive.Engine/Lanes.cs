using System.Numerics;
using System.Runtime.InteropServices;

namespace BnLive.Engine;

/// <summary>How the engine lays out a layer's values: n rows of its units, each row padded with zeros to a whole
/// number of vectors, so every loop runs over whole vectors. A vector's lanes hold different units and never mix,
/// and every sum runs over rows or inputs one after another, so a unit's value has the same bits whatever the
/// vector's width: 4 lanes on ARM, 8 with AVX2, 16 with AVX-512, and plain floats without SIMD.</summary>
static class Lanes
{
    public static int Width => Vector<float>.Count;

    /// <summary>units rounded up to a whole number of vectors.</summary>
    public static int Pad(int units) => (units + Width - 1) / Width * Width;

    public static Span<Vector<float>> Vectors(Span<float> floats) => MemoryMarshal.Cast<float, Vector<float>>(floats);
    public static ReadOnlySpan<Vector<float>> ReadVectors(ReadOnlySpan<float> floats) => MemoryMarshal.Cast<float, Vector<float>>(floats);
}
