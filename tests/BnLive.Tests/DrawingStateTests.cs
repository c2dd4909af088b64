using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using BnLive.Drawing;

namespace BnLive.Tests;

/// <summary>Drawing keeps no state of its own: what a frame keeps from the last (render textures, shaders, sprites,
/// pictures, layouts) lives in the Renderer, made after the window opens and freed before it closes.</summary>
public class DrawingStateTests
{
    /// <summary>Every static field of every type in BnLive.Drawing, the compiler's own helper types aside (a lambda's
    /// cache), must be a constant, or readonly and of a type whose value cannot change: a number, an enum, a string,
    /// an ImmutableArray of such, or a struct made of such (a readonly struct field cannot be changed in place). So a static field
    /// that can be assigned, and a readonly one that holds a List, Dictionary, array, table or object, both fail: those
    /// are state that outlives the window. A static auto-property with a setter fails too (its backing field is a
    /// static field that is not readonly).</summary>
    [Fact]
    public void NoTypeInDrawingHasAStaticFieldThatCanChange()
    {
        var types = typeof(Renderer).Assembly.GetTypes()
            .Where(t => t.Namespace == "BnLive.Drawing" && !Generated(t));
        var mutable = types
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => !f.IsLiteral && (!f.IsInitOnly || !Unchangeable(f.FieldType)))
            .Select(f => $"{f.DeclaringType!.Name}.{f.Name} ({f.FieldType.Name}{(f.IsInitOnly ? ", readonly" : "")})")
            .ToList();
        Assert.True(types.Any(t => t == typeof(RegionCache)), "the search sees Drawing's types");
        Assert.True(mutable.Count == 0, "static state in BnLive.Drawing (keep it in the Renderer instead): " + string.Join(", ", mutable));
    }

    static bool Generated(Type t) =>
        t.IsDefined(typeof(CompilerGeneratedAttribute)) || (t.DeclaringType is { } outer && Generated(outer));

    /// <summary>A number, an enum, a string, an ImmutableArray of such, or a struct all of whose fields are such.</summary>
    static bool Unchangeable(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(string)
        || (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ImmutableArray<>) && Unchangeable(t.GetGenericArguments()[0]))
        || (t.IsValueType && t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).All(f => Unchangeable(f.FieldType)));

    /// <summary>The check itself catches what it is for: a Dictionary or an array held readonly, a struct holding an
    /// array, a field that can be assigned; and lets a colour through.</summary>
    [Fact]
    public void TheCheckFindsAReadonlyDictionaryAndAnAssignableField()
    {
        var fields = typeof(Examples).GetFields(BindingFlags.Static | BindingFlags.NonPublic);
        Assert.False(Unchangeable(fields.Single(f => f.Name == nameof(Examples.Cache)).FieldType));
        Assert.False(fields.Single(f => f.Name == nameof(Examples.Count)).IsInitOnly);
        Assert.True(Unchangeable(fields.Single(f => f.Name == nameof(Examples.Ink)).FieldType));
        Assert.False(Unchangeable(fields.Single(f => f.Name == nameof(Examples.Table)).FieldType));
        Assert.False(Unchangeable(fields.Single(f => f.Name == nameof(Examples.Holder)).FieldType));
    }

    static class Examples
    {
        internal static readonly Dictionary<int, int> Cache = [];
        internal static int Count;
        internal static readonly BnLive.Native.Color Ink = BnLive.Native.Color.White;
        internal static readonly int[] Table = [1, 2];
        internal static readonly (int, int[]) Holder = (1, [2]);
    }
}
