using System.Runtime.InteropServices;

namespace BnLive.Native;

// raylib's structs and enums, laid out as in raylib.h and named as in Raylib-cs.

[StructLayout(LayoutKind.Sequential)]
public struct Color(byte r, byte g, byte b, byte a = 255)
{
    public byte R = r, G = g, B = b, A = a;

    public static readonly Color White = new(255, 255, 255);
    public static readonly Color Black = new(0, 0, 0);
    public static readonly Color Red = new(230, 41, 55);
    public static readonly Color Blank = new(0, 0, 0, 0);

    /// <summary>A colour from a hex string like "E5E5E5".</summary>
    public static Color FromHex(string hex) => new(
        Convert.ToByte(hex[..2], 16), Convert.ToByte(hex[2..4], 16), Convert.ToByte(hex[4..6], 16));

    /// <summary>The same colour at alpha a in [0, 1].</summary>
    public readonly Color Fade(double a) => new(R, G, B, (byte)Math.Round(Math.Clamp(a, 0, 1) * 255));
}

[StructLayout(LayoutKind.Sequential)]
public struct Rectangle(float x, float y, float width, float height)
{
    public float X = x, Y = y, Width = width, Height = height;
    public readonly float Right => X + Width;
    public readonly float Bottom => Y + Height;
    public readonly bool Contains(System.Numerics.Vector2 p) => p.X >= X && p.X < Right && p.Y >= Y && p.Y < Bottom;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct Image
{
    public void* Data;
    public int Width, Height, Mipmaps, Format;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct Shader
{
    public uint Id;
    public int* Locs;
}

public struct Texture2D
{
    public uint Id;
    public int Width, Height, Mipmaps, Format;
}

[StructLayout(LayoutKind.Sequential)]
public struct RenderTexture2D
{
    public uint Id;
    public Texture2D Texture, Depth;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct Font
{
    public int BaseSize, GlyphCount, GlyphPadding;
    public Texture2D Texture;
    public Rectangle* Recs;
    public void* Glyphs;
}

[Flags]
public enum ConfigFlags : uint
{
    VSyncHint = 0x40,
    ResizableWindow = 0x04,
    HiddenWindow = 0x80,
    Msaa4xHint = 0x20,
    BorderlessWindowed = 0x8000,
}

public enum TraceLogLevel { All = 0, Trace, Debug, Info, Warning, Error, Fatal, None }

public enum TextureFilter { Point = 0, Bilinear, Trilinear }

public enum PixelFormat { UncompressedR8G8B8A8 = 7 }

public enum BlendMode { Alpha = 0, Additive, Multiplied, AddColors, SubtractColors, AlphaPremultiply, Custom, CustomSeparate }

public enum KeyboardKey
{
    Null = 0, Space = 32, Period = 46, Equal = 61, Minus = 45, Zero = 48, One = 49,
    A = 65, B = 66, C = 67, D = 68, E = 69, G = 71, H = 72, I = 73, L = 76, N = 78, Q = 81, R = 82, S = 83, T = 84, W = 87,
    LeftBracket = 91, RightBracket = 93,
    Escape = 256, Enter = 257, Right = 262, Left = 263, Down = 264, Up = 265, PageUp = 266, PageDown = 267, Home = 268, End = 269,
    F1 = 290, F5 = 294, F11 = 300,
    KpSubtract = 333, KpAdd = 334,
    LeftShift = 340, LeftControl = 341, RightShift = 344, RightControl = 345,
}

public enum MouseButton { Left = 0, Right = 1 }
