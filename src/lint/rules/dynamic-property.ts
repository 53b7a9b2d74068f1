import { diagnosticRule } from '../diagnostic-rule.js';

/** Discovery's diagnostics 'dynamic-property', as lint findings. */
export const dynamicPropertyRule = diagnosticRule('dynamic-property', ['dynamic-property'], 'warn', 'Tags, description or agent written as an expression ca cannot read, or a spread: selectors and lint cannot see it.');
