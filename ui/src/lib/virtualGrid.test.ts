import { describe, expect, it } from "vitest";
import { gridWindow, leadRows } from "./virtualGrid";

describe("gridWindow", () => {
  it("renders a few rows of 20,000 faces, wherever the scroll is", () => {
    const base = { count: 20000, width: 1000, cell: 100, viewport: 800 };
    const top = gridWindow({ ...base, scrollTop: 0 });
    expect(top.columns).toBe(10);
    expect(top.totalHeight).toBe(2000 * 100);
    expect(top.start).toBe(0);
    expect(top.end).toBe((8 + 2) * 10);

    const middle = gridWindow({ ...base, scrollTop: 100000 });
    expect(middle.start).toBe((1000 - 2) * 10);
    expect(middle.end - middle.start).toBeLessThanOrEqual(13 * 10);
    expect(middle.offsetTop).toBe(998 * 100);

    const bottom = gridWindow({ ...base, scrollTop: 200000 - 800 });
    expect(bottom.end).toBe(20000);
  });

  it("handles a last partial row, tiny widths and empty lists", () => {
    expect(gridWindow({ count: 25, width: 1000, cell: 100, viewport: 800, scrollTop: 0 }).end).toBe(25);
    expect(gridWindow({ count: 5, width: 10, cell: 100, viewport: 800, scrollTop: 0 }).columns).toBe(1);
    const empty = gridWindow({ count: 0, width: 1000, cell: 100, viewport: 800, scrollTop: 0 });
    expect([empty.start, empty.end, empty.totalHeight]).toEqual([0, 0, 0]);
  });
});

describe("lead rows", () => {
  it("mounts extra rows only on the side the scroll moves to", () => {
    const base = { count: 20000, width: 1000, cell: 100, viewport: 800, scrollTop: 100000 };
    const still = gridWindow(base);
    const down = gridWindow({ ...base, direction: 1, leadRows: 5 });
    const up = gridWindow({ ...base, direction: -1, leadRows: 5 });
    expect(down.start).toBe(still.start);
    expect(down.end).toBe(still.end + 5 * 10);
    expect(up.start).toBe(still.start - 5 * 10);
    expect(up.end).toBe(still.end);
    expect(up.offsetTop).toBe(still.offsetTop - 5 * 100);
  });

  it("grow with the scroll speed, up to one viewport", () => {
    expect(leadRows(0, 100, 800)).toBe(0);
    expect(leadRows(60, 100, 800)).toBe(0); // a wheel notch: the usual overscan is enough
    expect(leadRows(-300, 100, 800)).toBe(4);
    expect(leadRows(600, 100, 800)).toBe(8);
    expect(leadRows(1500, 100, 800)).toBe(8);
    expect(leadRows(50000, 100, 800)).toBe(0); // a jump: nothing to lead into
  });
});
