using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Nguon.Silo.Hosting;

/// <summary>A setting that stops the silo: the message is one line naming the setting and what it must be.</summary>
public sealed class SettingsException(string message) : Exception(message);

/// <summary>Reads and validates configuration sections. The same validator runs twice: when the silo reads a
/// section before the host is built (schema migration, storage, documents) and at start through
/// <c>ValidateOnStart</c>, so a wrong setting gives the same line either way.</summary>
public static class SettingsBinder
{
    /// <summary>The section bound to <typeparamref name="T"/>, or the first wrong setting as a
    /// <see cref="SettingsException"/>.</summary>
    /// <param name="closed">Every key of the section is a setting of <typeparamref name="T"/>: an unknown one (a typo)
    /// is refused rather than ignored.</param>
    public static T Read<T>(IConfiguration configuration, string section, IValidateOptions<T> validator, bool closed = false)
        where T : class, new()
    {
        var bound = Bind<T>(configuration.GetSection(section), closed);
        var result = validator.Validate(Options.DefaultName, bound);
        return result.Failed ? throw new SettingsException(OneLine(result.Failures)) : bound;
    }

    /// <summary>Binds <typeparamref name="T"/> as <c>IOptions&lt;T&gt;</c>, validated at start, and also resolvable
    /// as <typeparamref name="T"/> itself (the validated value).</summary>
    public static IServiceCollection AddSettings<T>(this IServiceCollection services, IConfiguration configuration,
        string section, Func<IServiceProvider, IValidateOptions<T>> validator) where T : class
    {
        services.AddSingleton(validator);
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services;
    }

    /// <summary>Every failure on one line (most settings fail alone; several are joined rather than dropped).</summary>
    public static string OneLine(IEnumerable<string> failures) =>
        string.Join("; ", failures.Select(f => f.ReplaceLineEndings(" ")));

    /// <summary>Binds <paramref name="section"/>, first checking every value the binder would convert, so that a
    /// value of the wrong kind is named by its setting (the binder's own message names the .NET type).</summary>
    public static T Bind<T>(IConfigurationSection section, bool closed = false) where T : class, new()
    {
        var properties = typeof(T).GetProperties().Where(p => p.CanWrite).ToList();
        if (closed && section.GetChildren().FirstOrDefault(c => !properties.Any(p => Same(p.Name, c.Key))) is { } unknown)
            throw new SettingsException($"{unknown.Path} is not a setting (known in {section.Path}: "
                + $"{string.Join(", ", properties.Select(p => p.Name).Order(StringComparer.Ordinal))})");
        foreach (var property in properties)
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type == typeof(string) || section[property.Name] is not { } raw) continue;
            if (!Converts(type, raw))
                throw new SettingsException($"{section.Path}:{property.Name} must be {Expected(type)} (got '{raw}')");
        }
        return section.Get<T>() ?? new T();
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool Converts(Type type, string raw)
    {
        if (type.IsEnum) return Enum.TryParse(type, raw, ignoreCase: true, out var parsed) && Enum.IsDefined(type, parsed!);
        var converter = TypeDescriptor.GetConverter(type);
        if (!converter.CanConvertFrom(typeof(string))) return true; // not a simple value: the binder reads its children
        try
        {
            converter.ConvertFromInvariantString(raw);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    private static string Expected(Type type) => type switch
    {
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "a duration (hh:mm:ss)",
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ => "a " + type.Name.ToLower(CultureInfo.InvariantCulture),
    };
}
