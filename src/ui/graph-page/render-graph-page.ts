import type { GraphPageData } from '../../core/results.js';
import { NODE_KINDS } from '../../core/node.js';
import { PAGE_STYLES } from './page-styles.js';

/**
 * The graph page: one self-contained HTML file. The data goes in as JSON and the page script
 * (bundled at build time: scripts/build-graph-page.js) draws it, so nothing is fetched from the
 * network. Pure: data and script in, HTML out.
 */
export function renderGraphPageHtml(data: GraphPageData, script: string): string {
  const title = `${data.project} · ca graph`;
  const legend = NODE_KINDS.map((kind) => `<span class="legend-item kind-${kind}"><i></i>${kind}</span>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'">
<meta name="generator" content="ca ${escapeHtml(data.caVersion)}">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLES}</style>
</head>
<body>
<header>
  <div class="title"><strong>${escapeHtml(data.project)}</strong> <span id="summary"></span> <span id="live" hidden>live</span></div>
  <div class="search">
    <input id="search" type="search" placeholder="Find a node by name" autocomplete="off" spellcheck="false" aria-label="Find a node by name">
    <ul id="search-results" hidden></ul>
  </div>
  <form id="selector" autocomplete="off">
    <label for="select">-s</label><input id="select" placeholder="tag:support +triage @refund_flow state:modified+" spellcheck="false">
    <label for="exclude">--exclude</label><input id="exclude" placeholder="kind:reasoner" spellcheck="false">
    <span id="select-status" aria-live="polite"></span>
  </form>
  <div class="legend">${legend}</div>
</header>
<div id="select-error" hidden><pre></pre><p class="hint"></p></div>
<div id="banner" hidden></div>
<main>
  <svg id="graph" role="img" aria-label="${escapeHtml(title)}"></svg>
  <button id="fit" type="button" title="Fit the whole graph in the window">Fit</button>
  <aside id="details" hidden></aside>
</main>
<script type="application/json" id="ca-graph-data">${jsonForScript(data)}</script>
<script>${script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}

/** JSON inside a script element: `<` escaped so no string in the data can close the element. */
function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
