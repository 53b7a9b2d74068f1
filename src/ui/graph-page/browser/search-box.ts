/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { CaNode } from '../../../core/node.js';
import { h } from './element.js';

const LISTED = 30;

export interface SearchBox {
  /** Runs the current query again (after the data changed). */
  refresh(): void;
}

/**
 * Find by name: every node whose name contains the text (case-insensitive) is outlined, the first
 * matches are listed; Enter or a click on one centres it and shows its details.
 */
export function searchBox(options: {
  input: HTMLInputElement;
  list: HTMLUListElement;
  nodes: () => readonly CaNode[];
  onFound(indices: number[]): void;
  onPick(index: number): void;
}): SearchBox {
  const { input, list } = options;
  let found: number[] = [];
  let current = 0;
  const run = () => {
    const query = input.value.trim().toLowerCase();
    found = [];
    if (query !== '') options.nodes().forEach((node, index) => node.name.toLowerCase().includes(query) && found.push(index));
    current = 0;
    options.onFound(found);
    show(query !== '');
  };
  const show = (open: boolean) => {
    const nodes = options.nodes();
    const items = found.slice(0, LISTED).map((index, position) => {
      const node = nodes[index]!;
      const item = h('li', { 'data-index': String(index), class: position === current ? 'current' : '' }, node.name, h('small', {}, node.kind));
      item.addEventListener('mousedown', (event) => {
        event.preventDefault();
        pick(index);
      });
      return item;
    });
    if (open && found.length === 0) items.push(h('li', { class: 'empty' }, 'no node matches'));
    if (found.length > LISTED) items.push(h('li', { class: 'more' }, `… ${found.length - LISTED} more`));
    list.replaceChildren(...items);
    list.hidden = !open || document.activeElement !== input;
  };
  const pick = (index: number) => {
    list.hidden = true;
    options.onPick(index);
  };
  input.addEventListener('input', run);
  input.addEventListener('focus', () => show(input.value.trim() !== ''));
  input.addEventListener('blur', () => (list.hidden = true));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const shown = Math.min(found.length, LISTED);
      if (shown === 0) return;
      current = (current + (event.key === 'ArrowDown' ? 1 : shown - 1)) % shown;
      show(true);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const index = found[current];
      if (index !== undefined) pick(index);
    } else if (event.key === 'Escape') {
      input.value = '';
      run();
    }
  });
  return { refresh: run };
}
