// A scrolling grid that mounts only the cells in view (see lib/virtualGrid.ts).
import { Component, type ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { gridWindow, leadRows } from "../lib/virtualGrid";

interface Props<T> {
  items: T[];
  cell: number;
  render: (item: T, index: number) => ComponentChildren;
  /** Fixed size for tests and first paint, before the element is measured. */
  initialSize?: { width: number; height: number };
  label?: string;
}

interface CellProps<T> {
  item: T;
  index: number;
  cell: number;
  render: (item: T, index: number) => ComponentChildren;
}

/** One cell; re-rendered only when its item, index, size or the render function
 * change, so a scroll re-renders just the cells that come into the window. */
class Cell<T> extends Component<CellProps<T>> {
  shouldComponentUpdate(next: CellProps<T>) {
    const p = this.props;
    return next.item !== p.item || next.index !== p.index || next.cell !== p.cell || next.render !== p.render;
  }

  render({ item, index, cell, render }: CellProps<T>) {
    return (
      <div class="vgrid-cell" style={{ width: `${cell}px`, height: `${cell}px` }}>
        {render(item, index)}
      </div>
    );
  }
}

interface Scroll {
  top: number;
  direction: number;
  lead: number;
}

export function VirtualGrid<T>({ items, cell, render, initialSize, label }: Props<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState(initialSize ?? { width: 800, height: 600 });
  const [scroll, setScroll] = useState<Scroll>({ top: 0, direction: 0, lead: 0 });
  const lastTop = useRef(0);

  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => {
      setSize({ width: el.clientWidth, height: el.clientHeight });
      setScroll((s) => (s.top === el.scrollTop ? s : { ...s, top: el.scrollTop }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const windowFor = (s: Scroll) =>
    gridWindow({ count: items.length, width: size.width, cell, scrollTop: s.top, viewport: size.height, direction: s.direction, leadRows: s.lead });
  const w = windowFor(scroll);

  // Re-render only when the scroll changes which cells are mounted (or where).
  const onScroll = (e: Event) => {
    const top = (e.currentTarget as HTMLDivElement).scrollTop;
    const delta = top - lastTop.current;
    lastTop.current = top;
    const next: Scroll = { top, direction: Math.sign(delta), lead: leadRows(delta, cell, size.height) };
    const nw = windowFor(next);
    if (nw.start !== w.start || nw.end !== w.end || nw.offsetTop !== w.offsetTop) setScroll(next);
  };

  const cells = [];
  for (let i = w.start; i < w.end; i++) cells.push(<Cell key={i} item={items[i]} index={i} cell={cell} render={render} />);
  return (
    <div ref={ref} class="vgrid" role="grid" aria-label={label} aria-rowcount={Math.ceil(items.length / w.columns)} onScroll={onScroll}>
      <div style={{ height: `${w.totalHeight}px`, position: "relative" }}>
        <div
          class="vgrid-window"
          style={{ transform: `translateY(${w.offsetTop}px)`, gridTemplateColumns: `repeat(${w.columns}, ${cell}px)` }}
        >
          {cells}
        </div>
      </div>
    </div>
  );
}
