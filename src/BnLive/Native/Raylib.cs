using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace BnLive.Native;

/// <summary>Our P/Invoke layer over the raylib functions bnlive uses, with Raylib-cs's names and shapes,
/// so code reads like Raylib-cs code (`using static BnLive.Native.Raylib;`).</summary>
public static unsafe class Raylib
{
    const string Lib = "raylib";

    /// <summary>Where the native library comes from: RaylibLocator's search (BNLIVE_RAYLIB, beside the app, the
    /// system's, the known folders).</summary>
    static Raylib() => NativeLibrary.SetDllImportResolver(typeof(Raylib).Assembly, Resolve);

    static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == Lib ? RaylibLocator.Load(assembly, path) : IntPtr.Zero;

    // Window and timing
    [DllImport(Lib)] public static extern void InitWindow(int width, int height, [MarshalAs(UnmanagedType.LPUTF8Str)] string title);
    [DllImport(Lib)] public static extern void CloseWindow();
    [DllImport(Lib)][return: MarshalAs(UnmanagedType.I1)] public static extern bool WindowShouldClose();
    [DllImport(Lib)][return: MarshalAs(UnmanagedType.I1)] public static extern bool IsWindowReady();
    [DllImport(Lib)][return: MarshalAs(UnmanagedType.I1)] public static extern bool IsWindowResized();
    [DllImport(Lib)] public static extern void SetConfigFlags(ConfigFlags flags);
    [DllImport(Lib)] public static extern void SetWindowMinSize(int width, int height);
    [DllImport(Lib)] public static extern void SetWindowTitle([MarshalAs(UnmanagedType.LPUTF8Str)] string title);
    [DllImport(Lib)] public static extern int GetScreenWidth();
    [DllImport(Lib)] public static extern int GetScreenHeight();
    [DllImport(Lib)] public static extern int GetRenderWidth();
    [DllImport(Lib)] public static extern int GetRenderHeight();
    [DllImport(Lib)] public static extern void SetTargetFPS(int fps);
    [DllImport(Lib)] public static extern int GetFPS();
    [DllImport(Lib)] public static extern float GetFrameTime();
    [DllImport(Lib)] public static extern double GetTime();
    [DllImport(Lib)] public static extern void SetTraceLogLevel(TraceLogLevel level);
    [DllImport(Lib)] public static extern void SetExitKey(KeyboardKey key);
    [DllImport(Lib)] public static extern void ToggleBorderlessWindowed();
    [DllImport(Lib)][return: MarshalAs(UnmanagedType.I1)] public static extern bool IsWindowState(ConfigFlags flag);
    [DllImport(Lib)] public static extern int GetCurrentMonitor();
    [DllImport(Lib)] public static extern int GetMonitorWidth(int monitor);
    [DllImport(Lib)] public static extern int GetMonitorHeight(int monitor);
    [DllImport(Lib)] public static extern void SetClipboardText([MarshalAs(UnmanagedType.LPUTF8Str)] string text);
    [DllImport(Lib, EntryPoint = "GetClipboardText")] static extern byte* GetClipboardTextPtr();
    /// <summary>The clipboard's text (raylib keeps the memory), or null where there is none.</summary>
    public static string? GetClipboardText() => Marshal.PtrToStringUTF8((IntPtr)GetClipboardTextPtr());

    // Drawing
    [DllImport(Lib)] public static extern void BeginDrawing();
    [DllImport(Lib)] public static extern void EndDrawing();
    [DllImport(Lib)] public static extern void ClearBackground(Color color);
    [DllImport(Lib)] public static extern void BeginTextureMode(RenderTexture2D target);
    [DllImport(Lib)] public static extern void EndTextureMode();
    [DllImport(Lib)] public static extern void BeginScissorMode(int x, int y, int width, int height);
    [DllImport(Lib)] public static extern void EndScissorMode();
    [DllImport(Lib)] public static extern RenderTexture2D LoadRenderTexture(int width, int height);
    [DllImport(Lib)] public static extern void UnloadRenderTexture(RenderTexture2D target);
    [DllImport(Lib)] public static extern Texture2D LoadTextureFromImage(Image image);
    [DllImport(Lib)] public static extern void UnloadTexture(Texture2D texture);
    [DllImport(Lib)] public static extern void UpdateTexture(Texture2D texture, void* pixels);
    [DllImport(Lib)] public static extern Shader LoadShaderFromMemory(byte* vsCode, [MarshalAs(UnmanagedType.LPUTF8Str)] string fsCode);
    [DllImport(Lib)][return: MarshalAs(UnmanagedType.I1)] public static extern bool IsShaderValid(Shader shader);
    [DllImport(Lib)] public static extern void UnloadShader(Shader shader);
    [DllImport(Lib)] public static extern void BeginShaderMode(Shader shader);
    [DllImport(Lib)] public static extern void EndShaderMode();
    [DllImport(Lib)] public static extern void BeginBlendMode(BlendMode mode);
    [DllImport(Lib)] public static extern void EndBlendMode();
    [DllImport(Lib)] public static extern void DrawTexturePro(Texture2D texture, Rectangle source, Rectangle dest, Vector2 origin, float rotation, Color tint);

    /// <summary>rlgl: draws what raylib has batched so far, so the framebuffer holds the whole frame.</summary>
    [DllImport(Lib)] public static extern void rlDrawRenderBatchActive();

    // Shapes
    [DllImport(Lib)] public static extern void DrawLineEx(Vector2 start, Vector2 end, float thick, Color color);
    [DllImport(Lib)] public static extern void DrawTriangleStrip(Vector2* points, int pointCount, Color color);
    [DllImport(Lib)] public static extern void DrawCircleV(Vector2 center, float radius, Color color);
    [DllImport(Lib)] public static extern void DrawRing(Vector2 center, float innerRadius, float outerRadius, float startAngle, float endAngle, int segments, Color color);
    [DllImport(Lib)] public static extern void DrawRectangleRec(Rectangle rec, Color color);
    [DllImport(Lib)] public static extern void DrawRectangleV(Vector2 position, Vector2 size, Color color);
    [DllImport(Lib)] public static extern void DrawRectangleLinesEx(Rectangle rec, float lineThick, Color color);
    [DllImport(Lib)] public static extern void DrawRectangleRounded(Rectangle rec, float roundness, int segments, Color color);

    // Text
    [DllImport(Lib)] public static extern Font LoadFontEx([MarshalAs(UnmanagedType.LPUTF8Str)] string fileName, int fontSize, int* codepoints, int codepointCount);
    [DllImport(Lib)] public static extern void UnloadFont(Font font);
    [DllImport(Lib)][return: MarshalAs(UnmanagedType.I1)] public static extern bool IsFontValid(Font font);
    [DllImport(Lib)] public static extern Font GetFontDefault();
    [DllImport(Lib)] public static extern void SetTextureFilter(Texture2D texture, TextureFilter filter);
    [DllImport(Lib)] public static extern void DrawTextEx(Font font, [MarshalAs(UnmanagedType.LPUTF8Str)] string text, Vector2 position, float fontSize, float spacing, Color tint);
    [DllImport(Lib)] public static extern void DrawTextCodepoint(Font font, int codepoint, Vector2 position, float fontSize, Color tint);
    [DllImport(Lib)] public static extern Vector2 MeasureTextEx(Font font, [MarshalAs(UnmanagedType.LPUTF8Str)] string text, float fontSize, float spacing);

    // Images
    [DllImport(Lib)] public static extern Image LoadImageFromScreen();
    [DllImport(Lib)] public static extern Image LoadImageFromTexture(Texture2D texture);
    [DllImport(Lib)] public static extern void UnloadImage(Image image);
    [DllImport(Lib)] public static extern void ImageFlipVertical(Image* image);
    [DllImport(Lib)] public static extern void ImageFormat(Image* image, PixelFormat format);
    [DllImport(Lib)][return: MarshalAs(UnmanagedType.I1)] public static extern bool ExportImage(Image image, [MarshalAs(UnmanagedType.LPUTF8Str)] string fileName);

    // Input
    [DllImport(Lib)][return: MarshalAs(UnmanagedType.I1)] public static extern bool IsKeyPressed(KeyboardKey key);
    [DllImport(Lib)][return: MarshalAs(UnmanagedType.I1)] public static extern bool IsKeyPressedRepeat(KeyboardKey key);
    [DllImport(Lib)][return: MarshalAs(UnmanagedType.I1)] public static extern bool IsKeyDown(KeyboardKey key);
    [DllImport(Lib)] public static extern int GetKeyPressed();
    [DllImport(Lib)] public static extern int GetCharPressed();
    [DllImport(Lib)][return: MarshalAs(UnmanagedType.I1)] public static extern bool IsMouseButtonPressed(MouseButton button);
    [DllImport(Lib)][return: MarshalAs(UnmanagedType.I1)] public static extern bool IsMouseButtonDown(MouseButton button);
    [DllImport(Lib)][return: MarshalAs(UnmanagedType.I1)] public static extern bool IsMouseButtonReleased(MouseButton button);
    [DllImport(Lib)] public static extern Vector2 GetMousePosition();
}
