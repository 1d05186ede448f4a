import { fireEvent, render } from "@testing-library/preact";
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
});
