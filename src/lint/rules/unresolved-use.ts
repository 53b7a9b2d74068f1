import { diagnosticRule } from '../diagnostic-rule.js';

/** Discovery's diagnostics 'unresolved-use', as lint findings. */
export const unresolvedUseRule = diagnosticRule('unresolved-use', ['unresolved-use'], 'error', 'A `uses` entry that names nothing ca can resolve: the edge is missing and the runtime grant will fail.');
