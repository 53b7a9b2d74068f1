import type { DoctorCheck } from '../core/doctor-result.js';
import type { ProjectScan } from '../core/project-scan.js';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Whether ca.mcp.lock holds the contract of every MCP tool, from what discovery read (no server
 * is started). Absent when the project has no MCP server. A gap is a warning: `ca run` refuses
 * a tool that is not locked, everything else works.
 */
export function checkMcpLock(scan: ProjectScan): DoctorCheck | undefined {
  const servers = scan.nodes.filter((node) => node.kind === 'mcp_server');
  const tools = scan.nodes.filter((node) => node.mcp !== undefined && node.mcp.server !== undefined);
  if (servers.length === 0 && tools.length === 0) return undefined;
  const of = (lock: string) => tools.filter((node) => node.mcp!.lock === lock);
  const [locked, missing, stale] = [of('locked'), of('missing'), of('stale')];
  const staleServers = [...new Set(stale.map((node) => node.mcp!.server!))].sort();
  const missingServers = [...new Set(missing.map((node) => node.mcp!.server!))].sort();
  const all = `${plural(tools.length, 'MCP tool')} of ${plural(servers.length, 'server')}`;
  const base = { id: 'mcp-lock', title: 'ca.mcp.lock', details: { servers: servers.length, tools: tools.length, locked: locked.length, missing: missing.map((node) => node.name), stale: stale.map((node) => node.name) } };
  const state = tools[0]?.mcp!.lock;
  if (state === 'no-lock') return { ...base, status: 'warn', summary: `none (${all})`, hint: 'Run `ca mcp lock` and commit ca.mcp.lock: `ca run` refuses an MCP tool whose contract is not locked.' };
  if (state === 'unreadable') {
    const problem = scan.diagnostics.find((d) => d.code === 'mcp-lock-invalid')?.message ?? 'ca.mcp.lock cannot be read';
    return { ...base, status: 'warn', summary: problem, hint: 'Run `ca mcp lock` (every server) to write it afresh; it is generated, not edited by hand.' };
  }
  if (missing.length === 0 && stale.length === 0) return { ...base, status: 'ok', summary: tools.length === 0 ? `no MCP tools use the ${plural(servers.length, 'server')}` : `locks all ${all}` };
  const parts = [
    missing.length > 0 ? `not in it: ${missing.map((node) => node.name).join(', ')}` : undefined,
    stale.length > 0 ? `stale (the server changed since it was locked): ${staleServers.join(', ')}` : undefined,
  ].filter((part) => part !== undefined);
  const relock = [...new Set([...missingServers, ...staleServers])].sort();
  return {
    ...base,
    status: 'warn',
    summary: `${locked.length} of ${all} locked · ${parts.join(' · ')}`,
    hint: `Run \`ca mcp lock -s ${relock.join(' -s ')}\` and commit ca.mcp.lock.`,
  };
}
