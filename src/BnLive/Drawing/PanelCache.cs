using System.Runtime.InteropServices;
using BnLive.Native;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.Drawing;

/// <summary>The layers of a plot's panel that change only when its data, its trail or its size change (the grey,
/// the grid, the points, the snapshots' fits), kept in a render texture and copied to the frame without blending.
/// Under software GL the trail's hundreds of translucent segments cost more than one opaque copy of the panel;
/// a whole-frame texture would not pay (issue 16's probe), a panel's does (./run.sh bench --layers).</summary>
public static class PanelCache
{
    const string Lib = "raylib";
    [DllImport(Lib)] static extern void rlPushMatrix();
    [DllImport(Lib)] static extern void rlPopMatrix();
    [DllImport(Lib)] static extern void rlTranslatef(float x, float y, float z);
    [DllImport(Lib)] static extern void rlDisableColorBlend();
    [DllImport(Lib)] static extern void rlEnableColorBlend();
    [DllImport(Lib)] static extern void rlSetBlendFactorsSeparate(int srcRgb, int dstRgb, int srcAlpha, int dstAlpha, int eqRgb, int eqAlpha);
    [DllImport(Lib)] static extern void BeginBlendMode(int mode);
    [DllImport(Lib)] static extern void EndBlendMode();
    const int CustomSeparate = 7, One = 1, SrcAlpha = 0x0302, OneMinusSrcAlpha = 0x0303, Add = 0x8006;

    static PanelCache() => _ = typeof(Raylib).TypeHandle;   // Raylib's static constructor installs the library resolver

    /// <summary>What the cached pixels show: any change draws them again.</summary>
    sealed record Content(int X, int Y, int Width, int Height, Axes Axes, float Pt, float[] Xs, float[] Ys, Snapshot[] Trail, int TotalEpochs)
    {
        public bool Same(Content o) => (X, Y, Width, Height, Pt, TotalEpochs) == (o.X, o.Y, o.Width, o.Height, o.Pt, o.TotalEpochs)
            && Axes == o.Axes && Xs.AsSpan().SequenceEqual(o.Xs) && Ys.AsSpan().SequenceEqual(o.Ys) && Trail.AsSpan().SequenceEqual(o.Trail);
    }

    sealed class Entry(RenderTexture2D target, Content content)
    {
        public RenderTexture2D Target = target;
        public Content Content = content;
    }

    static readonly List<Entry> entries = [];   // one per plot on screen, the most recently used last
    const int Kept = 4;

    // the texel as it is: llvmpipe recognises a shader that only samples and copies it without blending, and
    // copies the pixels on a fast path (raylib's default shader, which multiplies by two colours, costs twice as much)
    const string CopyFs = """
        #version 330
        in vec2 fragTexCoord;
        uniform sampler2D texture0;
        out vec4 finalColor;
        void main() { finalColor = texture(texture0, fragTexCoord); }
        """;
    static Shader? copy;
    static bool copyTried;
    static unsafe Shader? CopyShader()
    {
        if (copyTried) return copy;
        copyTried = true;
        var s = LoadShaderFromMemory(null, CopyFs);
        copy = IsShaderValid(s) && s.Id != 0 ? s : null;
        return copy;
    }

    /// <summary>The render textures belong to one GL context: freed before its window closes.</summary>
    public static void Release()
    {
        foreach (var e in entries) UnloadRenderTexture(e.Target);
        entries.Clear();
        if (copy is Shader s) UnloadShader(s);
        (copy, copyTried) = (null, false);
    }

    /// <summary>Shows the panel's pixels [x0, x0 + w) × [y0, y0 + h) as draw leaves them on a panel-grey ground,
    /// drawing them again only when d, the axes or pt changed. draw gets the pixel offset to add to every
    /// coordinate and to scissors (a render texture's origin is its own corner).</summary>
    public static void Draw(int x0, int y0, int w, int h, Axes axes, PlotData d, float pt, Action<int, int> draw)
    {
        if (w <= 0 || h <= 0) return;
        var content = new Content(x0, y0, w, h, axes, pt, d.X, d.Y, [.. d.Trail], d.TotalEpochs);
        var entry = entries.Find(e => e.Content.Same(content));
        if (entry is null)
        {
            entry = entries.Find(e => e.Content.X == x0 && e.Content.Y == y0 && e.Target.Texture.Width == w && e.Target.Texture.Height == h);
            if (entry is null)
            {
                if (entries.Count >= Kept)
                {
                    UnloadRenderTexture(entries[0].Target);
                    entries.RemoveAt(0);
                }
                entry = new Entry(LoadRenderTexture(w, h), content);
                entries.Add(entry);
            }
            // the data arrays are copied: points edited in place must still count as a change
            entry.Content = content with { Xs = [.. d.X], Ys = [.. d.Y] };
            BeginTextureMode(entry.Target);
            ClearBackground(Style.Panel);
            // colours blend as on the frame; alpha stays opaque (blended as usual it would drop under translucent
            // lines, and the copy below carries it to the frame)
            rlSetBlendFactorsSeparate(SrcAlpha, OneMinusSrcAlpha, One, OneMinusSrcAlpha, Add, Add);
            BeginBlendMode(CustomSeparate);
            rlPushMatrix();
            rlTranslatef(-x0, -y0, 0);
            draw(-x0, -y0);
            rlPopMatrix();
            EndBlendMode();
            EndTextureMode();
        }
        entries.Remove(entry);
        entries.Add(entry);
        // an opaque copy: no blending
        rlDrawRenderBatchActive();
        rlDisableColorBlend();
        var t = entry.Target.Texture;
        if (CopyShader() is Shader cs) BeginShaderMode(cs);
        DrawTexturePro(t, new Rectangle(0, 0, w, -h), new Rectangle(x0, y0, w, h), default, 0, Color.White);   // render textures are upside down
        rlDrawRenderBatchActive();
        if (CopyShader() is Shader) EndShaderMode();
        rlEnableColorBlend();
    }
}
