import { fireEvent, render, render as render_ } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { VirtualGrid } from "./VirtualGrid";

describe("VirtualGrid", () => {
  const items = Array.from({ length: 20000 }, (_, i) => i);

  it("mounts only the visible cells of 20,000", () => {
    const { container } = render(
      <VirtualGrid items={items} cell={100} initialSize={{ width: 1000, height: 600 }} render={(i) => <span>face {i}</span>} />,
    );
    const cells = container.querySelectorAll(".vgrid-cell");
    expect(cells.length).toBe((6 + 2) * 10);
    expect(cells[0].textContent).toBe("face 0");
  });

  it("shows later faces after scrolling", () => {
    const { container, getByText } = render(
      <VirtualGrid items={items} cell={100} initialSize={{ width: 1000, height: 600 }} render={(i) => <span>face {i}</span>} />,
    );
    const grid = container.querySelector(".vgrid") as HTMLDivElement;
    grid.scrollTop = 150000;
    fireEvent.scroll(grid);
    expect(getByText("face 15000")).toBeTruthy();
    expect(container.querySelectorAll(".vgrid-cell").length).toBeLessThan(200);
  });

  it("re-renders only the cells that come into the window", () => {
    const calls: number[] = [];
    const render = (i: number) => {
      calls.push(i);
      return <span>face {i}</span>;
    };
    const { container } = render_(<VirtualGrid items={items} cell={100} initialSize={{ width: 1000, height: 600 }} render={render} />);
    const grid = container.querySelector(".vgrid") as HTMLDivElement;
    calls.length = 0;
    grid.scrollTop = 30; // the bottom edge moves into row 6: row 8 joins the overscan
    fireEvent.scroll(grid);
    expect(calls).toEqual([80, 81, 82, 83, 84, 85, 86, 87, 88, 89]);
    calls.length = 0;
    grid.scrollTop = 60; // same rows: no re-render at all
    fireEvent.scroll(grid);
    expect(calls).toEqual([]);
    expect(container.querySelectorAll(".vgrid-cell").length).toBe(90);
  });
});

