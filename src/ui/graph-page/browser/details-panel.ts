/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { formatLocation } from '../../../core/diagnostic.js';
import { type CaNode, isDeployable } from '../../../core/node.js';
import { packagePlace } from '../../../core/node-package-label.js';
import type { GraphPageData } from '../../../core/results.js';
import { LOCK_STATE_WORDS } from '../../mcp/lock-state-words.js';
import { commandLine, isConnectionKey } from '../../mcp/server-connection.js';
import { h } from './element.js';

/** What `ca show` says about a node, in the side panel: place, tags, uses, used by, fingerprints, deployments. */
export function renderDetails(panel: HTMLElement, data: GraphPageData, index: number, onPick: (name: string) => void): void {
  const node = data.nodes[index]!;
  const drawn = new Set(data.nodes.map((n) => n.name));
  const names = (list: readonly string[]) =>
    list.length === 0
      ? h('span', { class: 'muted' }, 'none')
      : h(
          'ul',
          { class: 'names' },
          list.map((name) =>
            h('li', {}, drawn.has(name) ? link(name, onPick) : h('span', { class: 'outside', title: 'not drawn: outside the selection' }, name)),
          ),
        );
  const row = (label: string, field: string, value: Node | string) => [h('dt', {}, label), h('dd', { 'data-field': field }, value)];
  // An mcp_server's connection has rows of its own (env and header names, never values).
  const shownConfig = node.kind === 'mcp_server' ? Object.fromEntries(Object.entries(node.config).filter(([key]) => !isConnectionKey(key))) : node.config;
  const config = Object.keys(shownConfig).length > 0 ? h('pre', {}, JSON.stringify(shownConfig, null, 2)) : h('span', { class: 'muted' }, 'none');
  const mcp = mcpRows(node, (name) => names([name]), row);
  const parts = [
    h('h2', {}, node.name),
    h('span', { class: `kind kind-${node.kind}` }, node.kind),
    node.description ? h('p', { class: 'description' }, node.description) : null,
    h(
      'dl',
      {},
      node.package ? row('package', 'package', h('span', { class: 'mono' }, packagePlace(node.package))) : [],
      row('location', 'location', h('span', { class: 'mono' }, `${node.file}:${node.line}`)),
      row('export', 'export', h('span', { class: 'mono' }, node.exportName)),
      row('tags', 'tags', node.tags.length > 0 ? node.tags.join(', ') : h('span', { class: 'muted' }, 'none')),
      row('uses', 'uses', names(node.uses)),
      row('used by', 'used-by', names(data.usedBy[node.name] ?? [])),
      mcp,
      row('config', 'config', config),
      node.helpers.length > 0 ? row('helpers', 'helpers', h('ul', { class: 'names mono' }, node.helpers.map((helper) => h('li', {}, helper)))) : [],
      data.state ? row('state', 'state', stateOf(node, data.state)) : [],
    ),
    h('h3', {}, 'fingerprints'),
    h(
      'table',
      { 'data-field': 'fingerprints' },
      (['body', 'config', 'code', 'self'] as const).map((part) => h('tr', {}, h('th', {}, part), h('td', { class: 'mono' }, node.fingerprints[part].slice(0, 16)))),
    ),
    isDeployable(node) ? deployments(node, data) : null,
    diagnostics(node, data),
    h('p', { class: 'muted' }, 'More, with the source: ', h('code', {}, `ca show ${node.name}`)),
  ];
  panel.replaceChildren(...parts.flat().filter((part): part is HTMLElement => part !== null));
  panel.hidden = false;
  panel.scrollTop = 0;
}

type Row = (label: string, field: string, value: Node | string) => HTMLElement[];

/**
 * An MCP tool: its server, its name there, where it stands in ca.mcp.lock and the server's
 * description as locked. An mcp_server: how it is reached, as written.
 */
function mcpRows(node: CaNode, server: (name: string) => HTMLElement, row: Row): HTMLElement[] {
  const mono = (text: string) => h('span', { class: 'mono' }, text);
  const keys = (value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value).sort() : []);
  if (node.mcp) {
    const { lock } = node.mcp;
    return [
      row('mcp server', 'mcp-server', node.mcp.server === undefined ? h('span', { class: 'diagnostic' }, 'not an mcpServer of the project') : server(node.mcp.server)),
      row('mcp tool', 'mcp-tool', mono(node.mcp.tool)),
      row('lock', 'mcp-lock', h('span', { class: lock === 'locked' ? 'status-in-sync' : 'status-drifted' }, LOCK_STATE_WORDS[lock])),
      node.mcp.description === undefined ? [] : row('locked description', 'mcp-description', node.mcp.description),
    ].flat();
  }
  if (node.kind !== 'mcp_server') return [];
  const { command, args, url } = node.config;
  const env = keys(node.config['env']);
  const headers = keys(node.config['headers']);
  return [
    typeof url === 'string' ? row('url', 'mcp-url', mono(url)) : [],
    typeof command === 'string' ? row('command', 'mcp-command', mono(commandLine(command, Array.isArray(args) ? args.filter((arg) => typeof arg === 'string') : []))) : [],
    env.length > 0 ? row('env', 'mcp-env', mono(env.join(', '))) : [],
    headers.length > 0 ? row('headers', 'mcp-headers', mono(headers.join(', '))) : [],
  ].flat();
}

function link(name: string, onPick: (name: string) => void): HTMLElement {
  const button = h('button', { type: 'button', class: 'node-link', 'data-name': name }, name);
  button.addEventListener('click', () => onPick(name));
  return button;
}

function stateOf(node: CaNode, state: NonNullable<GraphPageData['state']>): string {
  if (state.new.includes(node.name)) return `new since ${state.baseline}`;
  const parts = (['body', 'config', 'code'] as const).filter((part) => state.modified[part].includes(node.name));
  return parts.length > 0 ? `modified (${parts.join(', ')}) since ${state.baseline}` : `unmodified since ${state.baseline}`;
}

function deployments(node: CaNode, data: GraphPageData): HTMLElement[] {
  const heading = h('h3', {}, 'deployments');
  if (data.envs.length === 0) return [heading, h('p', { class: 'muted', 'data-field': 'deployments' }, 'no envs in ca.yaml')];
  const byEnv = new Map((data.deployments[node.name] ?? []).map((d) => [d.env, d]));
  const rows = data.envs.map((env) => {
    const d = byEnv.get(env);
    if (!d) return h('tr', {}, h('th', {}, env), h('td', { class: 'muted', colspan: '3' }, 'not deployed'));
    const status = d.changes.length > 0 ? `${d.status}: ${d.changes.join(', ')}` : d.status;
    return h(
      'tr',
      {},
      h('th', {}, env),
      h('td', { class: `status-${d.status}` }, `v${d.version} ${status}`),
      h('td', { class: 'mono', title: d.artifactHash }, d.artifactHash.slice(0, 12)),
      h('td', { title: `${d.time} by ${d.actor}` }, d.time.slice(0, 10)),
    );
  });
  return [heading, h('table', { 'data-field': 'deployments' }, rows)];
}

function diagnostics(node: CaNode, data: GraphPageData): HTMLElement | null {
  const own = data.diagnostics.filter((d) => d.node === node.name);
  if (own.length === 0) return null;
  return h(
    'div',
    { 'data-field': 'diagnostics' },
    h('h3', {}, 'diagnostics'),
    own.map((d) => h('p', { class: 'diagnostic' }, `${d.severity} ${formatLocation(d)} ${d.message} (${d.code})`)),
  );
}
