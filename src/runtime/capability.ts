import type { Definition } from '../sdk/definition.js';

/**
 * Deny by default: `caller` may reach `callee` only when its `uses` lists it. Identity first; the
 * name and kind as well, because a project and the CLI can load two copies of a module.
 */
export function isGranted(caller: Definition, callee: Definition): boolean {
  const uses = 'uses' in caller ? (caller.uses ?? []) : [];
  return uses.some((granted) => granted === callee || (granted.kind === callee.kind && granted.name === callee.name));
}

/** The callable definitions in `uses` that a model may be offered as tools. */
export function grantedCallables(caller: Definition): Definition[] {
  const uses = 'uses' in caller ? (caller.uses ?? []) : [];
  return uses.filter((d) => d.kind === 'tool' || d.kind === 'flow' || d.kind === 'agent');
}
