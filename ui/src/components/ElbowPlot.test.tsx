import { fireEvent, render } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { ElbowPlot, plotCoords } from "./ElbowPlot";

const points = [
  { k: 2, cost: 100 },
  { k: 3, cost: 60 },
  { k: 4, cost: 30 },
  { k: 5, cost: 27 },
  { k: 6, cost: 25 },
];

describe("ElbowPlot", () => {
  it("maps the highest cost to the top and the lowest to the bottom", () => {
    const xy = plotCoords(points, 500, 300);
    expect(xy[0].y).toBeLessThan(xy[4].y);
    expect(xy[0].x).toBeLessThan(xy[4].x);
  });

  it("marks the knee and reports the picked k", () => {
    const onPick = vi.fn();
    const { container, getByText } = render(<ElbowPlot points={points} knee={4} selected={null} onPick={onPick} />);
    expect(getByText("knee k=4")).toBeTruthy();
    const circles = container.querySelectorAll("circle");
    fireEvent.click(circles[3]);
    expect(onPick).toHaveBeenCalledWith(5);
  });
});
