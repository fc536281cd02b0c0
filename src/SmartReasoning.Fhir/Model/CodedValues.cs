using System.Collections.Frozen;
using System.Runtime.CompilerServices;

namespace SmartReasoning.Fhir.Model;

/// <summary>
/// The codes of an enum generated from a required ValueSet binding: member <c>i</c> of <typeparamref name="T"/>
/// stands for <c>Codes[i]</c> from <c>Systems[i]</c>. Read from the generated code tables; no reflection.
/// </summary>
public static class CodeTable<T> where T : struct, Enum
{
    private static readonly CodeTableData s_data = CodeTables.Find(typeof(T))
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not a generated code enum.");
    private static readonly string[] s_codes = s_data.Codes;
    private static readonly string[] s_systems = s_data.Systems;
    private static readonly FrozenDictionary<string, T> s_byCode = BuildIndex(s_codes);

    /// <summary>The ValueSet canonical this enum was generated from.</summary>
    public static string ValueSet => s_data.ValueSet;

    public static IReadOnlyList<string> Codes => s_codes;
    public static IReadOnlyList<string> Systems => s_systems;

    private static FrozenDictionary<string, T> BuildIndex(string[] codes)
    {
        var byCode = new Dictionary<string, T>(codes.Length, StringComparer.Ordinal);
        for (var i = 0; i < codes.Length; i++)
        {
            var member = i;
            byCode.TryAdd(codes[i], Unsafe.As<int, T>(ref member));
        }
        return byCode.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static bool TryParse(string? code, out T value)
    {
        if (code is not null && s_byCode.TryGetValue(code, out value)) return true;
        value = default;
        return false;
    }

    public static string GetCode(T value) => s_codes[Unsafe.As<T, int>(ref value)];

    public static string GetSystem(T value) => s_systems[Unsafe.As<T, int>(ref value)];
}

public partial class Code
{
    /// <summary>
    /// The code system of the code, when the element is bound to a ValueSet the model holds (a <see cref="Code{T}"/>)
    /// and the code is in it; null otherwise. A plain code carries no system in FHIR.
    /// </summary>
    public virtual string? BoundSystem => null;
}

/// <summary>
/// A <c>code</c> bound (required) to a ValueSet we know, usable as the enum <typeparamref name="T"/>.
/// The code text is what is kept, so a code outside the enum is never lost: <see cref="Enum"/> is then null.
/// </summary>
public sealed class Code<T> : Code where T : struct, Enum
{
    public Code() { }

    public Code(T value) => Value = CodeTable<T>.GetCode(value);

    /// <summary>The code as an enum member, or null when the code is absent or not in the ValueSet.</summary>
    public T? Enum
    {
        get => CodeTable<T>.TryParse(Value, out var v) ? v : null;
        set => Value = value is { } v ? CodeTable<T>.GetCode(v) : null;
    }

    /// <summary>The code system of the current code, when it is one of the enum's.</summary>
    public string? System => Enum is { } v ? CodeTable<T>.GetSystem(v) : null;

    public override string? BoundSystem => System;

    public static implicit operator Code<T>(T value) => new(value);
}

/// <summary>The codes of one generated enum, in member order, and the ValueSet they come from.</summary>
internal sealed class CodeTableData
{
    public CodeTableData(string valueSet, string system, string[] codes)
        : this(valueSet, Enumerable.Repeat(system, codes.Length).ToArray(), codes) { }

    public CodeTableData(string valueSet, string[] systems, string[] codes)
    {
        ValueSet = valueSet;
        Systems = systems;
        Codes = codes;
    }

    public string ValueSet { get; }
    public string[] Systems { get; }
    public string[] Codes { get; }
}

internal static partial class CodeTables
{
    private static readonly Dictionary<Type, CodeTableData> Tables = Build();

    private static partial Dictionary<Type, CodeTableData> Build();

    private static readonly Dictionary<string, CodeTableData> ByValueSet =
        Tables.Values.GroupBy(t => t.ValueSet).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public static CodeTableData? Find(Type enumType) => Tables.GetValueOrDefault(enumType);

    /// <summary>
    /// Whether a code is in a ValueSet the model holds (one behind a generated enum): null when the ValueSet is not held.
    /// A null system matches any of the ValueSet's systems.
    /// </summary>
    public static bool? Contains(string valueSet, string? system, string code)
    {
        if (!ByValueSet.TryGetValue(valueSet.Split('|')[0], out var table)) return null;
        for (var i = 0; i < table.Codes.Length; i++)
            if (table.Codes[i] == code && (system is null || table.Systems[i] == system)) return true;
        return false;
    }
}
