using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;

namespace Kyoten.Controller.Components;

public sealed partial class App
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    // Not prerendered: live pages query once per circuit instead of twice per load, and a form
    // is never shown before it can react.
    private static readonly IComponentRenderMode Interactive = new InteractiveServerRenderMode(prerender: false);

    // Account pages need the HTTP request to set cookies, so they render statically;
    // everything else is interactive over the circuit.
    private IComponentRenderMode? PageRenderMode =>
        HttpContext.AcceptsInteractiveRouting() ? Interactive : null;
}
