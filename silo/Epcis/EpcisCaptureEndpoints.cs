namespace Nguon.Silo.Epcis;

/// <summary>The capture side of EPCIS 2.0's REST binding.</summary>
public static class EpcisCaptureEndpoints
{
    public static RouteGroupBuilder MapCapture(this RouteGroupBuilder group) => group;
}
