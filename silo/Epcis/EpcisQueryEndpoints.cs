namespace Nguon.Silo.Epcis;

/// <summary>The query side of EPCIS 2.0's REST binding over the captured events.</summary>
public static class EpcisQueryEndpoints
{
    public static RouteGroupBuilder MapQuery(this RouteGroupBuilder group) => group;
}
