import { diagnosticRule } from '../diagnostic-rule.js';

/** Discovery's diagnostics 'parse-error', 'unreadable-file', as lint findings. */
export const parseErrorRule = diagnosticRule('parse-error', ['parse-error', 'unreadable-file'], 'error', 'A source file that does not parse or cannot be read: its definitions are invisible until it does.');
