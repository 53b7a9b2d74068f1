import { EXIT, UserError } from '../core/errors.js';
import type { ProjectConfig } from '../config/project-config.js';
import type { CaGraph } from '../graph/build-graph.js';
import { ancestors } from '../graph/traverse.js';
import { missingKeyFor } from '../runtime/models/resolve-language-model.js';

/**
 * Before any project code runs: every model the node can reach (its own and those of everything in
 * its `uses`, transitively) has its key. A missing one is the one-line error of SPEC §7 rather
 * than a flow that fails half-way, after its first tools already ran.
 */
export function checkModelKeys(graph: CaGraph, name: string, config: ProjectConfig, env: NodeJS.ProcessEnv): void {
  for (const reached of [name, ...ancestors(graph, [name])]) {
    const node = graph.node(reached);
    const model = node?.config['model'];
    if (typeof model !== 'string') continue;
    const key = missingKeyFor(model, { providers: config.providers, env });
    if (key) {
      throw new UserError('missing-model-key', `${key} is not set: ${node.kind} ${node.name} uses model ${model}`, {
        hint: `export ${key}, or run offline with --mock FILE (see docs/run.md)`,
        location: { file: node.file, line: node.line },
        exitCode: EXIT.usage,
      });
    }
  }
}
