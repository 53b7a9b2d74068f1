import { diagnosticRule } from '../diagnostic-rule.js';

/** Discovery's diagnostic 'invalid-name', as a lint finding. */
export const invalidNameRule = diagnosticRule('invalid-name', ['invalid-name'], 'error', 'A definition whose literal name the runtime would refuse: it must start with a letter or _ and hold only letters, digits, _, . and -.');
