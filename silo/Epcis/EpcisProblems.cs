using Microsoft.AspNetCore.Http.HttpResults;

namespace Nguon.Silo.Epcis;

/// <summary>The exception types of EPCIS 2.0's REST binding, as its OpenAPI document writes a problem's <c>type</c>
/// ("epcisException:" and the exception's name), and RFC 9457 problems carrying them.</summary>
public static class EpcisProblems
{
    public const string Validation = "epcisException:ValidationException";
    public const string CaptureLimitExceeded = "epcisException:CaptureLimitExceededException";
    public const string NoSuchResource = "epcisException:NoSuchResourceException";
    public const string Security = "epcisException:SecurityException";
    public const string QueryParameter = "epcisException:QueryParameterException";
    public const string Implementation = "epcisException:ImplementationException";

    /// <summary>A problem of one of the binding's types; <paramref name="errors"/> (if any) lists what was wrong, one line each.</summary>
    public static ProblemHttpResult Problem(int status, string type, string title, string detail,
        IReadOnlyList<object>? errors = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type,
            extensions: errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors });
}
