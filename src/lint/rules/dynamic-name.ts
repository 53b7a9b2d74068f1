import { diagnosticRule } from '../diagnostic-rule.js';

/** Discovery's diagnostics 'dynamic-name', 'missing-name', as lint findings. */
export const dynamicNameRule = diagnosticRule('dynamic-name', ['dynamic-name', 'missing-name'], 'error', 'A definition whose name is missing or computed: ca cannot read it without running code, so it is skipped.');
