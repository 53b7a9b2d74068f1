import { diagnosticRule } from '../diagnostic-rule.js';

/** Discovery's diagnostics 'duplicate-name', as lint findings. */
export const duplicateNameRule = diagnosticRule('duplicate-name', ['duplicate-name'], 'error', 'Two definitions with one name: node names are global ids.');
