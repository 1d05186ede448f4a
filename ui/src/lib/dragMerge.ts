// Dragging one People card onto another to merge them, as a small state machine over
// pointer events (pointer events, not HTML5 drag and drop: they behave the same in
// every webview and under WebDriver). A press becomes a drag once the pointer moved a
// few pixels, so a plain click still opens the card.

export interface DragState {
  source: string;
  startX: number;
  startY: number;
  x: number;
  y: number;
  /** The card under the pointer (its key), if any. */
  over: string | null;
  /** Past the threshold: a drag, not a click. */
  moved: boolean;
}

/** Pixels the pointer must travel before a press is a drag. */
export const DRAG_THRESHOLD = 6;

export function startDrag(source: string, x: number, y: number): DragState {
  return { source, startX: x, startY: y, x, y, over: null, moved: false };
}

export function moveDrag(s: DragState, x: number, y: number, over: string | null): DragState {
  const moved = s.moved || Math.hypot(x - s.startX, y - s.startY) >= DRAG_THRESHOLD;
  return { ...s, x, y, over: over === s.source ? null : over, moved };
}

/** The merge a drop asks for: the dragged card onto another card, or nothing. */
export function dropTarget(s: DragState, over: string | null): { source: string; target: string } | null {
  if (!s.moved || over === null || over === s.source) return null;
  return { source: s.source, target: over };
}
