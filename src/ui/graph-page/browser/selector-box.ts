/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { PageSelection } from '../../../core/results.js';

/** Evaluates the box's text with the CLI's selection code (injected: see src/app/graph-page-selection.ts). */
export type PageSelector = (select: string, exclude: string) => PageSelection;

export interface SelectorBox {
  /** Evaluates the current text again, with a new selector (after the data changed). */
  refresh(selector: PageSelector): void;
}

/**
 * The `-s` and `--exclude` boxes: as you type, the matching nodes are highlighted; a mistake shows
 * the parser's message with its caret, exactly as the CLI prints it.
 */
export function selectorBox(options: {
  form: HTMLFormElement;
  select: HTMLInputElement;
  exclude: HTMLInputElement;
  status: HTMLElement;
  error: HTMLElement;
  selector: PageSelector;
  /** The selected names, or null when the boxes are empty or the text is wrong. */
  onResult(selected: ReadonlySet<string> | null): void;
}): SelectorBox {
  let selector = options.selector;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    clearTimeout(timer);
    const result = selector(options.select.value, options.exclude.value);
    const { status, error } = options;
    // What the status describes, so a reader (or a test) knows the highlight is up to date.
    status.dataset.for = `${options.select.value}\n${options.exclude.value}`;
    status.classList.toggle('error', !result.ok);
    if (!result.ok) {
      status.textContent = 'invalid selector';
      status.dataset.count = '';
      error.querySelector('pre')!.textContent = [`error: ${result.message}`, ...result.detail].join('\n');
      error.querySelector('.hint')!.textContent = result.hint ?? '';
      error.hidden = false;
      options.onResult(null);
      return;
    }
    error.hidden = true;
    if (result.empty) {
      status.textContent = '';
      status.dataset.count = '';
      options.onResult(null);
      return;
    }
    const count = result.selected.length;
    status.textContent = `${count} node${count === 1 ? '' : 's'} selected${result.warnings.length > 0 ? ` · ${result.warnings.join('; ')}` : ''}`;
    status.dataset.count = String(count);
    options.onResult(new Set(result.selected));
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  };
  options.form.addEventListener('submit', (event) => event.preventDefault());
  for (const input of [options.select, options.exclude]) {
    input.addEventListener('input', later);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        run();
      }
    });
  }
  return {
    refresh(next) {
      selector = next;
      run();
    },
  };
}
