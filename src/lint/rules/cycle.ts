import { diagnosticRule } from '../diagnostic-rule.js';

/** Discovery's diagnostics 'cycle', as lint findings. */
export const cycleRule = diagnosticRule('cycle', ['cycle'], 'error', 'Flows and agents that call each other in a loop.');
