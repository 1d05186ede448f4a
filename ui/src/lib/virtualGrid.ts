// Window arithmetic for a grid that renders only the rows in view, so that 20,000
// face crops scroll without 20,000 DOM nodes.

export interface GridWindow {
  columns: number;
  /** First and one-past-last item index to render. */
  start: number;
  end: number;
  /** Pixel offset of the first rendered row, and the full scroll height. */
  offsetTop: number;
  totalHeight: number;
}

export function gridWindow(opts: {
  count: number;
  width: number;
  cell: number; // cell edge in px, gap included
  scrollTop: number;
  viewport: number;
  overscanRows?: number;
  /** Extra rows mounted ahead of the scroll (see leadRows), on the side it moves to. */
  leadRows?: number;
  /** Which way the last scroll went: 1 down, -1 up, 0 unknown. */
  direction?: number;
}): GridWindow {
  const columns = Math.max(1, Math.floor(opts.width / opts.cell));
  const rows = Math.ceil(opts.count / columns);
  const overscan = opts.overscanRows ?? 2;
  const lead = Math.max(0, Math.floor(opts.leadRows ?? 0));
  const above = overscan + ((opts.direction ?? 0) < 0 ? lead : 0);
  const below = overscan + ((opts.direction ?? 0) > 0 ? lead : 0);
  const firstRow = Math.max(0, Math.floor(Math.max(0, opts.scrollTop) / opts.cell) - above);
  const lastRow = Math.min(rows, Math.ceil((Math.max(0, opts.scrollTop) + opts.viewport) / opts.cell) + below);
  return {
    columns,
    start: Math.min(opts.count, firstRow * columns),
    end: Math.min(opts.count, lastRow * columns),
    offsetTop: firstRow * opts.cell,
    totalHeight: rows * opts.cell,
  };
}

/**
 * Rows to mount ahead of a scroll that moved `delta` px since the previous scroll
 * event: about two events' worth, at most one viewport. Cells mounted before they come
 * into view have their crops requested early, so fewer are still empty when they are
 * painted; at a slow scroll this is nothing beyond the usual overscan, and for a jump
 * of more than two viewports (a scrollbar drag) nothing either, since the next
 * position would not land in the rows mounted ahead.
 */
export function leadRows(delta: number, cell: number, viewport: number): number {
  if (Math.abs(delta) > 2 * viewport) return 0;
  const ahead = Math.ceil((2 * Math.abs(delta)) / cell) - 2;
  return Math.max(0, Math.min(Math.ceil(viewport / cell), ahead));
}
