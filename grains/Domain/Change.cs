using Nguon.Model;

namespace Nguon.Domain;

/// <summary>What a decision tells its grain to do: store <see cref="Value"/>, or, when <see cref="IsReplay"/>,
/// only answer with it, because the same operation was applied before (a retry).</summary>
public sealed record Change<T>(T Value, bool IsReplay = false)
{
    public static Outcome<Change<T>> New(T value) => Outcome<Change<T>>.Ok(new(value));

    public static Outcome<Change<T>> Replay(T value) => Outcome<Change<T>>.Ok(new(value, IsReplay: true));
}

/// <summary>A change to a logged record (a farm, a certificate): the record after it and the entry that records it
/// (none for a replay).</summary>
public sealed record Logged<TRecord, TEntry>(TRecord Record, TEntry? Entry) where TEntry : class;

/// <summary>Outcomes built from a rule's <see cref="Violation"/>, so the wording stays with the rule.</summary>
public static class Refusal
{
    public static Outcome<T> NotFound<T>(Violation why) => new(OutcomeStatus.NotFound, default, [why]);

    public static Outcome<T> Conflict<T>(Violation why) => new(OutcomeStatus.Conflict, default, [why]);

    /// <summary>The decided value, or the decision's refusal, for the grain's answer.</summary>
    public static Outcome<T> Answer<T>(this Outcome<Change<T>> decided) =>
        decided.IsOk ? Outcome<T>.Ok(decided.Value!.Value) : decided.As<T>();

    /// <summary>The logged record after the decided change, or the decision's refusal, for the grain's answer.</summary>
    public static Outcome<TRecord> Recorded<TRecord, TEntry>(this Outcome<Change<Logged<TRecord, TEntry>>> decided) where TEntry : class =>
        decided.IsOk ? Outcome<TRecord>.Ok(decided.Value!.Value.Record) : decided.As<TRecord>();
}

/// <summary>One wording per missing record, whichever grain notices it.</summary>
public static class Unknown
{
    public static Violation Farm(string code) => new("farm.unknown", $"farm {code} is not registered");

    public static Violation Certificate(string number) => new("certificate.unknown", $"GI {number} is not registered");

    public static Violation Batch(string code) => new("batch.unknown", $"batch {code} is not registered");

    public static Violation Organisation(string id) => new("organisation.unknown", $"organisation {id} is not registered");
}
