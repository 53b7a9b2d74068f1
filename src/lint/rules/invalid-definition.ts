import { diagnosticRule } from '../diagnostic-rule.js';

/** Discovery's diagnostics 'invalid-definition', as lint findings. */
export const invalidDefinitionRule = diagnosticRule('invalid-definition', ['invalid-definition'], 'error', 'A factory called with something other than an inline object, which ca cannot read statically.');
