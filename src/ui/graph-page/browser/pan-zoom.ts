/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

export interface PanZoom {
  get(): ViewTransform;
  set(view: ViewTransform): void;
  /** Re-applies the transform (after the drawing was replaced). */
  apply(): void;
  /** The whole drawing in the window, never larger than 1.5×. */
  fit(width: number, height: number): void;
  /** Pans so that the point (drawing coordinates) is in the middle, zooming in to a readable size if needed. */
  centerOn(x: number, y: number): void;
}

const MIN_ZOOM = 0.01;
const MAX_ZOOM = 4;
/** Below this zoom labels are hidden: unreadable anyway, and drawing 2,000 of them makes panning slow. */
const LABEL_ZOOM = 0.35;

/**
 * Drag to pan, wheel to zoom around the pointer. A press that does not move is a tap on whatever
 * was under the pointer when it went down.
 */
export function panZoom(svg: SVGSVGElement, onTap: (target: Element | null) => void): PanZoom {
  let view: ViewTransform = { x: 0, y: 0, k: 1 };
  const apply = () => {
    svg.querySelector('#viewport')?.setAttribute('transform', `translate(${view.x} ${view.y}) scale(${view.k})`);
    svg.classList.toggle('far', view.k < LABEL_ZOOM);
  };
  let press: { id: number; x: number; y: number; start: ViewTransform; target: Element | null; moved: boolean } | undefined;

  svg.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    press = { id: event.pointerId, x: event.clientX, y: event.clientY, start: { ...view }, target: event.target as Element | null, moved: false };
  });
  svg.addEventListener('pointermove', (event) => {
    if (!press || event.pointerId !== press.id) return;
    const dx = event.clientX - press.x;
    const dy = event.clientY - press.y;
    if (!press.moved && Math.hypot(dx, dy) < 4) return;
    if (!press.moved) {
      press.moved = true;
      svg.setPointerCapture(event.pointerId);
      svg.classList.add('dragging');
    }
    view = { ...press.start, x: press.start.x + dx, y: press.start.y + dy };
    apply();
  });
  const release = (event: PointerEvent) => {
    if (!press || event.pointerId !== press.id) return;
    const tapped = !press.moved && event.type === 'pointerup';
    const target = press.target;
    press = undefined;
    svg.classList.remove('dragging');
    if (tapped) onTap(target);
  };
  svg.addEventListener('pointerup', release);
  svg.addEventListener('pointercancel', release);
  svg.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const rect = svg.getBoundingClientRect();
      const px = event.clientX - rect.left;
      const py = event.clientY - rect.top;
      const delta = event.deltaY * (event.deltaMode === 1 ? 16 : 1);
      const k = clamp(view.k * Math.exp(-delta * 0.0015));
      view = { k, x: px - ((px - view.x) * k) / view.k, y: py - ((py - view.y) * k) / view.k };
      apply();
    },
    { passive: false },
  );

  return {
    get: () => ({ ...view }),
    set(next) {
      view = { ...next };
      apply();
    },
    apply,
    fit(width, height) {
      const rect = svg.getBoundingClientRect();
      const margin = 24;
      const k = clamp(Math.min((rect.width - 2 * margin) / Math.max(width, 1), (rect.height - 2 * margin) / Math.max(height, 1), 1.5));
      view = { k, x: (rect.width - width * k) / 2, y: Math.max(margin, (rect.height - height * k) / 2) };
      apply();
    },
    centerOn(x, y) {
      const rect = svg.getBoundingClientRect();
      const k = Math.max(view.k, 0.9);
      view = { k, x: rect.width / 2 - x * k, y: rect.height / 2 - y * k };
      apply();
    },
  };
}

function clamp(k: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));
}
