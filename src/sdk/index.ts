// The package's main export: what users import to author definitions. Nothing here does I/O;
// `ca` reads these calls statically and the runtime executes them later.
export { tool, type ToolSpec } from './tool.js';
export { reasoner, type ReasonerSpec } from './reasoner.js';
export { flow, type FlowSpec } from './flow.js';
export { agent, type AgentSpec } from './agent.js';
export { session, type AgentSessionSpec, type TurnSessionSpec } from './session.js';
export { mcpServer, mcpTool, type McpServerSpec, type McpToolSpec } from './mcp.js';

export { isDefinition } from './define.js';
export { KINDS, type Kind } from './kind.js';
export { APPROVALS, EFFECTS } from './definition.js';
export type {
  AgentDefinition,
  AgentSessionDefinition,
  Approval,
  Budget,
  MetaValue,
  Definition,
  Effect,
  FlowDefinition,
  McpServerDefinition,
  McpToolDefinition,
  ModelId,
  ReasonerDefinition,
  SessionDefinition,
  ToolDefinition,
  TurnResult,
  TurnSessionDefinition,
} from './definition.js';
export type { CallOptions, Ctx, MapOptions, SessionCtx, ThinkOptions } from './ctx.js';
export type { InputOf, OutputOf, StateOf } from './io.js';
export { isStandardSchema, type StandardSchemaV1 } from './schema.js';
export { DefinitionError } from './validate.js';
