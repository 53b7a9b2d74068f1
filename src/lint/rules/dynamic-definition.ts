import { diagnosticRule } from '../diagnostic-rule.js';

/** Discovery's diagnostics 'dynamic-definition', as lint findings. */
export const dynamicDefinitionRule = diagnosticRule(
  'dynamic-definition',
  ['dynamic-definition'],
  'warn',
  "Another framework's agent or tool that ca cannot read without running code (a computed name, built in a loop): it is not in the graph.",
);
