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
}): GridWindow {
  const columns = Math.max(1, Math.floor(opts.width / opts.cell));
  const rows = Math.ceil(opts.count / columns);
  const overscan = opts.overscanRows ?? 2;
  const firstRow = Math.max(0, Math.floor(Math.max(0, opts.scrollTop) / opts.cell) - overscan);
  const lastRow = Math.min(rows, Math.ceil((Math.max(0, opts.scrollTop) + opts.viewport) / opts.cell) + overscan);
  return {
    columns,
    start: Math.min(opts.count, firstRow * columns),
    end: Math.min(opts.count, lastRow * columns),
    offsetTop: firstRow * opts.cell,
    totalHeight: rows * opts.cell,
  };
}
