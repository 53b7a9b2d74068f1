import { startGraphPage } from '../ui/graph-page/browser/start-page.js';
import { pageSelector } from './graph-page-selection.js';

/**
 * The graph page's script, in the browser: the page (ui/graph-page/browser) with the selection
 * code joined in. scripts/build-graph-page.js bundles this file, and what it imports, into
 * dist/assets/graph-page.js, which every generated page inlines.
 */
startGraphPage(pageSelector);
