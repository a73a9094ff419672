using System.Text.RegularExpressions;

namespace Nguon.Model;

/// <summary>An explicit amount and unit. Units are never implied: "kg", "g", "t" are masses, anything else
/// (for example "box", "crate") is a count that only balances against the same unit.</summary>
[GenerateSerializer, Alias("nguon.Quantity")]
public sealed record Quantity([property: Id(0)] decimal Amount, [property: Id(1)] string Unit)
{
    public override string ToString() => $"{Amount.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} {Unit}";
}

/// <summary>The authenticated party doing something: its organisation, that organisation's roles and its batch-code
/// space (the prefix every batch code it creates starts with, when it holds one). Taken from the request's API key,
/// never from a body.</summary>
[GenerateSerializer, Alias("nguon.Actor")]
public sealed record Actor(
    [property: Id(0)] string Organisation,
    [property: Id(1)] IReadOnlyList<Role>? Roles = null,
    [property: Id(2)] string? CodeSpace = null)
{
    public static readonly Actor System = new("system", [Role.Admin]);

    public bool Has(Role role) => Roles?.Contains(role) == true;

    public bool HasAny(params Role[] roles) => roles.Any(Has);
}

/// <summary>Why a command was refused: a stable rule code (for metrics and clients) and a sentence for people.</summary>
[GenerateSerializer, Alias("nguon.Violation")]
public sealed record Violation([property: Id(0)] string Rule, [property: Id(1)] string Message)
{
    public override string ToString() => Message;
}

public enum OutcomeStatus { Ok = 0, NotFound = 1, Conflict = 2, Rejected = 3, Forbidden = 4 }

/// <summary>The answer to a command: the new value, or why nothing changed.</summary>
[GenerateSerializer, Alias("nguon.Outcome`1")]
public sealed record Outcome<T>(
    [property: Id(0)] OutcomeStatus Status,
    [property: Id(1)] T? Value,
    [property: Id(2)] IReadOnlyList<Violation> Violations)
{
    public bool IsOk => Status == OutcomeStatus.Ok;
    public static Outcome<T> Ok(T value) => new(OutcomeStatus.Ok, value, []);
    public static Outcome<T> NotFound(string rule, string message) => new(OutcomeStatus.NotFound, default, [new(rule, message)]);
    public static Outcome<T> Conflict(string rule, string message) => new(OutcomeStatus.Conflict, default, [new(rule, message)]);
    public static Outcome<T> Rejected(IReadOnlyList<Violation> violations) => new(OutcomeStatus.Rejected, default, violations);
    public static Outcome<T> Rejected(string rule, string message) => Rejected([new Violation(rule, message)]);
    public static Outcome<T> Forbidden(Violation violation) => new(OutcomeStatus.Forbidden, default, [violation]);
    public Outcome<TOther> As<TOther>() => new(Status, default, Violations);
}

/// <summary>Identifier syntax shared by every key: registration numbers, growing-area codes, batch codes.</summary>
public static partial class Ids
{
    public const int MaxLength = 64;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex Pattern();

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);
}
