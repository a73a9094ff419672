using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Silo.Api;

namespace Nguon.Silo.Labels;

/// <summary>The inspectors' chain view: <c>GET /api/batches/{code}/chain.svg</c> (API key; whoever may read the batch's
/// trace) draws the provenance graph, and <c>/inspect</c> is a small page that asks for the key, keeps it in the
/// tab's sessionStorage only, and shows the picture for a batch code.</summary>
public static class ChainViewEndpoints
{
    public static IEndpointRouteBuilder MapChainView(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/batches/{code}/chain.svg", ChainSvg).WithInputChecks().RequireAuthorization().WithTags("Batches")
            .WithSummary("The provenance graph drawn as SVG: certificates, farms and batches, quantities on the edges, " +
                "failing nodes in red");
        app.MapGet("/inspect", Inspect).ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ChainSvg(string code, IGrainFactory grains, HttpContext http)
    {
        var chain = await grains.GetGrain<ITraceGrain>(0).ChainView(code, http.Actor());
        if (!chain.IsOk) return chain.ToProblem();
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text(ChainView.Svg(chain.Value!.Graph, chain.Value.Verification), "image/svg+xml; charset=utf-8");
    }

    public static ContentHttpResult Inspect(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
        return TypedResults.Content(InspectPage, "text/html; charset=utf-8");
    }

    private const string InspectPage = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>Nguon · chain view</title><link rel="icon" href="data:,">
        <style>body{margin:0;font:15px/1.4 system-ui,"DejaVu Sans",sans-serif;background:#f4f2ec;color:#1c1c1c}
        header{background:#24442c;color:#fff;padding:.6rem 1rem;font-weight:600}
        form{display:flex;flex-wrap:wrap;gap:.5rem;padding:1rem;align-items:end}
        label{display:flex;flex-direction:column;font-size:.85rem}
        input{font:inherit;padding:.4rem;border:1px solid #999;border-radius:.3rem;min-width:14rem}
        button{font:inherit;padding:.45rem 1rem;border:0;border-radius:.3rem;background:#24442c;color:#fff}
        #status{padding:0 1rem;color:#b3261e}
        #chain{overflow:auto;padding:0 1rem 1rem}#chain svg{max-width:none;background:#fff}</style></head>
        <body><header>Nguon · chain view for inspectors</header>
        <form id="f"><label>API key <input id="key" type="password" autocomplete="off" placeholder="ngn_…" required></label>
        <label>Batch code <input id="code" required placeholder="RTHN-LN26-RT-0001"></label><button>Show chain</button>
        <button type="button" id="forget">Forget key</button></form><p id="status" role="status"></p><div id="chain"></div>
        <script>
        const key = document.getElementById('key'), code = document.getElementById('code');
        const status = document.getElementById('status'), chain = document.getElementById('chain');
        key.value = sessionStorage.getItem('nguon-key') || '';
        code.value = new URLSearchParams(location.search).get('batch') || '';
        document.getElementById('forget').onclick = () => { sessionStorage.removeItem('nguon-key'); key.value = ''; };
        async function show(e) {
          if (e) e.preventDefault();
          sessionStorage.setItem('nguon-key', key.value);
          status.textContent = 'Loading…'; chain.replaceChildren();
          const r = await fetch('/api/batches/' + encodeURIComponent(code.value.trim()) + '/chain.svg',
            { headers: { Authorization: 'Bearer ' + key.value.trim() } });
          if (!r.ok) {
            let p = {}; try { p = await r.json(); } catch {}
            status.textContent = r.status + ': ' + (p.detail || p.title || r.statusText); return;
          }
          const svg = new DOMParser().parseFromString(await r.text(), 'image/svg+xml').documentElement;
          chain.replaceChildren(document.importNode(svg, true)); status.textContent = '';
          history.replaceState(null, '', '?batch=' + encodeURIComponent(code.value.trim()));
        }
        document.getElementById('f').onsubmit = show;
        if (key.value && code.value) show();
        </script></body></html>
        """;
}
