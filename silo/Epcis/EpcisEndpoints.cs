namespace Nguon.Silo.Epcis;

/// <summary>EPCIS 2.0's REST binding under /epcis: capture (<see cref="EpcisCaptureEndpoints"/>) and query
/// (<see cref="EpcisQueryEndpoints"/>). Every answer names the standard's versions it speaks.</summary>
public static class EpcisEndpoints
{
    public const string EpcisVersion = "2.0.0";
    public const string CbvVersion = "2.0.0";

    public static RouteGroupBuilder MapEpcis(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/epcis").WithTags("EPCIS").RequireAuthorization();
        group.AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers["GS1-EPCIS-Version"] = EpcisVersion;
            headers["GS1-CBV-Version"] = CbvVersion;
            return await next(context);
        });
        group.MapCapture();
        group.MapQuery();
        return group;
    }
}
