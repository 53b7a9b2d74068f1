/** The graph page's stylesheet. Kind colours are the DOT and Mermaid ones (src/graph/render-dot.ts). */
export const PAGE_STYLES = `
:root { --fg: #1f2937; --muted: #6b7280; --line: #d1d5db; --bg: #f9fafb; --accent: #2563eb; --match: #f59e0b; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 8px 12px; background: #fff; border-bottom: 1px solid var(--line); }
header .title { white-space: nowrap; }
#summary { color: var(--muted); }
#live { font-size: 11px; color: #fff; background: #16a34a; border-radius: 8px; padding: 1px 7px; }
input { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; padding: 4px 6px; border: 1px solid var(--line); border-radius: 4px; }
input:focus { outline: 2px solid var(--accent); outline-offset: -1px; }
.search { position: relative; }
#search { width: 190px; }
#search-results { position: absolute; z-index: 5; top: 100%; left: 0; min-width: 100%; margin: 2px 0 0; padding: 2px 0; list-style: none; background: #fff; border: 1px solid var(--line); border-radius: 4px; box-shadow: 0 4px 12px rgb(0 0 0 / 0.12); max-height: 320px; overflow: auto; }
#search-results li { padding: 3px 8px; cursor: pointer; white-space: nowrap; font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
#search-results li:hover, #search-results li.current { background: #eff6ff; }
#search-results li small { color: var(--muted); margin-left: 8px; }
#selector { display: flex; align-items: center; gap: 6px; }
#selector label { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--muted); }
#select { width: 230px; }
#exclude { width: 120px; }
#select-status { color: var(--muted); white-space: nowrap; }
#select-status.error { color: #b91c1c; }
.legend { display: flex; gap: 10px; color: var(--muted); }
.legend-item i { display: inline-block; width: 11px; height: 11px; margin-right: 4px; border: 1px solid; border-radius: 3px; vertical-align: -1px; }
button { font: inherit; padding: 3px 10px; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
button:hover { background: #f3f4f6; }
#select-error { margin: 0; padding: 6px 12px; background: #fef2f2; border-bottom: 1px solid #fecaca; color: #991b1b; }
#select-error pre { margin: 0; font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre; overflow-x: auto; }
#select-error .hint { margin: 2px 0 0; color: #7f1d1d; }
#banner { padding: 6px 12px; background: #fffbeb; border-bottom: 1px solid #fde68a; }
#banner.problem { background: #fef2f2; border-color: #fecaca; color: #991b1b; }
main { position: relative; flex: 1; display: flex; min-height: 0; }
#fit { position: absolute; left: 12px; bottom: 12px; box-shadow: 0 1px 3px rgb(0 0 0 / 0.12); }
#graph { flex: 1; min-width: 0; height: 100%; cursor: grab; user-select: none; touch-action: none; background: var(--bg); }
#graph.dragging { cursor: grabbing; }
#details { width: 380px; overflow: auto; padding: 12px 16px; background: #fff; border-left: 1px solid var(--line); }
#details h2 { margin: 0 0 2px; font: 600 15px ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
#details .kind { display: inline-block; padding: 0 7px; border: 1px solid; border-radius: 8px; font-size: 11px; }
#details p.description { margin: 8px 0; }
#details dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 10px 0; }
#details dt { color: var(--muted); }
#details dd { margin: 0; min-width: 0; word-break: break-word; }
#details code, #details pre, #details .mono { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
#details pre { margin: 0; white-space: pre-wrap; }
#details ul.names { margin: 0; padding: 0; list-style: none; }
#details ul.names li { display: inline; }
#details ul.names li + li::before { content: ", "; }
#details button.node-link { padding: 0; border: 0; background: none; color: var(--accent); font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; cursor: pointer; }
#details button.node-link:hover { text-decoration: underline; }
#details span.outside { color: var(--muted); font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
#details table { border-collapse: collapse; width: 100%; font-size: 12px; }
#details th, #details td { text-align: left; padding: 2px 8px 2px 0; vertical-align: top; }
#details th { color: var(--muted); font-weight: normal; }
#details .status-in-sync { color: #15803d; }
#details .status-drifted, #details .status-interrupted { color: #b45309; }
#details .diagnostic { color: #b91c1c; }
#details .muted { color: var(--muted); }
.package rect { fill: #fff; stroke: #cbd5e1; stroke-width: 1.2; }
.package.external rect { fill: #f8fafc; stroke-dasharray: 6 4; }
.package text { font: 600 12px ui-monospace, SFMono-Regular, Menlo, "DejaVu Sans Mono", monospace; fill: var(--muted); pointer-events: none; }
.edge { fill: none; stroke: #9ca3af; stroke-width: 1.2; }
.edge.handoff { stroke: #a21caf; stroke-dasharray: 5 4; }
.node rect { stroke-width: 1.3; }
.node text { font: 12px ui-monospace, SFMono-Regular, Menlo, "DejaVu Sans Mono", monospace; fill: #111827; pointer-events: none; }
.node { cursor: pointer; }
.kind-tool rect, .legend-item.kind-tool i, #details .kind.kind-tool { fill: #e0f2fe; background: #e0f2fe; stroke: #0369a1; border-color: #0369a1; }
.kind-reasoner rect, .legend-item.kind-reasoner i, #details .kind.kind-reasoner { fill: #fef3c7; background: #fef3c7; stroke: #b45309; border-color: #b45309; }
.kind-flow rect, .legend-item.kind-flow i, #details .kind.kind-flow { fill: #dcfce7; background: #dcfce7; stroke: #15803d; border-color: #15803d; }
.kind-agent rect, .legend-item.kind-agent i, #details .kind.kind-agent { fill: #fae8ff; background: #fae8ff; stroke: #a21caf; border-color: #a21caf; }
.kind-session rect, .legend-item.kind-session i, #details .kind.kind-session { fill: #ffe4e6; background: #ffe4e6; stroke: #be123c; border-color: #be123c; }
.kind-mcp_server rect, .legend-item.kind-mcp_server i, #details .kind.kind-mcp_server { fill: #e2e8f0; background: #e2e8f0; stroke: #475569; border-color: #475569; }
.kind-mcp_server rect { rx: 14px; stroke-width: 1.6; }
.legend-item.kind-mcp_server i { border-radius: 6px; }
#graph.far .node text { display: none; }
#graph.selecting .node:not(.match) { opacity: 0.18; }
#graph.selecting .edge { opacity: 0.12; }
#graph.selecting .edge.match { opacity: 1; stroke: #6b7280; }
.node.match rect { stroke-width: 2.5; }
.node.found rect { stroke: var(--match); stroke-width: 3; }
.node.active rect { stroke: var(--accent); stroke-width: 3.5; }
#graph .edge.upstream, #graph .edge.downstream, #graph.selecting .edge.upstream, #graph.selecting .edge.downstream { stroke: var(--accent); stroke-width: 2; opacity: 1; marker-end: url(#arrow-active); }
`;
