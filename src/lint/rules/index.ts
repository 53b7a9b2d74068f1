import type { Rule } from '../rule.js';
import { cycleRule } from './cycle.js';
import { duplicateNameRule } from './duplicate-name.js';
import { dynamicNameRule } from './dynamic-name.js';
import { invalidNameRule } from './invalid-name.js';
import { dynamicPropertyRule } from './dynamic-property.js';
import { invalidDefinitionRule } from './invalid-definition.js';
import { parseErrorRule } from './parse-error.js';
import { unresolvedUseRule } from './unresolved-use.js';
import { undeclaredUseRule } from './undeclared-use.js';
import { ungatedSideEffectRule } from './ungated-side-effect.js';
import { unusedUseRule } from './unused-use.js';
import { missingDescriptionRule } from './missing-description.js';
import { missingEffectRule } from './missing-effect.js';
import { unknownModelProviderRule } from './unknown-model-provider.js';
import { agentWithoutBudgetRule } from './agent-without-budget.js';
import { sessionWithoutAgentRule } from './session-without-agent.js';
import { emptyInstructionsRule } from './empty-instructions.js';
import { dynamicDefinitionRule } from './dynamic-definition.js';
import { dynamicModelRule } from './dynamic-model.js';
import { handoffWithoutDescriptionRule } from './handoff-without-description.js';
import { missingPropertyRule } from './missing-property.js';
import { unknownPropertyRule } from './unknown-property.js';
import { mcpLockInvalidRule } from './mcp-lock-invalid.js';
import { mcpToolUnlockedRule } from './mcp-tool-unlocked.js';
import { mcpLockStaleRule } from './mcp-lock-stale.js';
import { mcpSecretInCodeRule } from './mcp-secret-in-code.js';

/** Every lint rule. Adding one: a module in this folder, a line here, a test and a page in docs/rules/. */
export const RULES: readonly Rule[] = [
  parseErrorRule,
  invalidDefinitionRule,
  dynamicNameRule,
  invalidNameRule,
  dynamicPropertyRule,
  duplicateNameRule,
  unresolvedUseRule,
  cycleRule,
  undeclaredUseRule,
  ungatedSideEffectRule,
  unusedUseRule,
  missingDescriptionRule,
  missingEffectRule,
  unknownModelProviderRule,
  agentWithoutBudgetRule,
  sessionWithoutAgentRule,
  emptyInstructionsRule,
  dynamicDefinitionRule,
  dynamicModelRule,
  handoffWithoutDescriptionRule,
  missingPropertyRule,
  unknownPropertyRule,
  mcpLockInvalidRule,
  mcpToolUnlockedRule,
  mcpLockStaleRule,
  mcpSecretInCodeRule,
];
