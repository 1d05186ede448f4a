// A scrolling grid that mounts only the cells in view (see lib/virtualGrid.ts).
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { gridWindow } from "../lib/virtualGrid";

interface Props<T> {
  items: T[];
  cell: number;
  render: (item: T, index: number) => ComponentChildren;
  /** Fixed size for tests and first paint, before the element is measured. */
  initialSize?: { width: number; height: number };
  label?: string;
}

export function VirtualGrid<T>({ items, cell, render, initialSize, label }: Props<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState(initialSize ?? { width: 800, height: 600 });
  const [scrollTop, setScrollTop] = useState(0);

  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const w = gridWindow({ count: items.length, width: size.width, cell, scrollTop, viewport: size.height });
  const visible = items.slice(w.start, w.end);
  return (
    <div
      ref={ref}
      class="vgrid"
      role="grid"
      aria-label={label}
      aria-rowcount={Math.ceil(items.length / w.columns)}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
    >
      <div style={{ height: `${w.totalHeight}px`, position: "relative" }}>
        <div
          class="vgrid-window"
          style={{ transform: `translateY(${w.offsetTop}px)`, gridTemplateColumns: `repeat(${w.columns}, ${cell}px)` }}
        >
          {visible.map((item, i) => (
            <div class="vgrid-cell" style={{ width: `${cell}px`, height: `${cell}px` }} key={w.start + i}>
              {render(item, w.start + i)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
