import { configMethod } from './config.js';
import { evalMethod } from './eval.js';
import { fileMethod } from './file.js';
import { frameworkMethod } from './framework.js';
import { kindMethod } from './kind.js';
import { nameMethod } from './name.js';
import { packageMethod } from './package.js';
import { pathMethod } from './path.js';
import { resultMethod } from './result.js';
import type { SelectorMethod } from './selector-method.js';
import { selectorMethod } from './selector.js';
import { stateMethod } from './state.js';
import { tagMethod } from './tag.js';

/** Every selector method by name. Adding one: a module beside these and a line here. */
export const METHODS: ReadonlyMap<string, SelectorMethod> = new Map(
  [nameMethod, tagMethod, kindMethod, frameworkMethod, packageMethod, pathMethod, fileMethod, configMethod, stateMethod, resultMethod, evalMethod, selectorMethod].map((m) => [m.name, m]),
);

export const DEFAULT_METHOD = 'name';
