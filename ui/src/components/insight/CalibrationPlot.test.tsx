import { render } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { CalibrationPlot, plotCoords, plotScales, segmentPath } from "./CalibrationPlot";
import { row, rows } from "./fixtures";

describe("plotScales / plotCoords", () => {
  it("puts 1.0 at the top, 0 at the bottom and 0.30..0.70 left to right", () => {
    const s = plotScales(500, 300);
    expect(s.y(1)).toBeLessThan(s.y(0.5));
    expect(s.y(0.5)).toBeLessThan(s.y(0));
    expect(s.x(0.3)).toBeLessThan(s.x(0.7));
    const xy = plotCoords(rows, "precision", 500, 300);
    expect(xy[1]!.y).toBeCloseTo(s.y(1));
    expect(xy[1]!.x).toBeCloseTo(s.x(0.35));
    expect(xy[8]!.y).toBeGreaterThan(xy[1]!.y);
  });

  it("gives null for an undefined value", () => {
    const xy = plotCoords(rows, "precision", 500, 300);
    expect(xy[0]).toBeNull();
    expect(xy.filter((p) => p === null)).toHaveLength(1);
  });
});

describe("segmentPath", () => {
  it("breaks the path at a null value", () => {
    const gap = [row(0.3, 0.9, 0.1), row(0.35, 0.8, 0.2), row(0.4, null, 0.3), row(0.45, 0.5, 0.4), row(0.5, 0.4, 0.5)];
    const d = segmentPath(plotCoords(gap, "precision", 500, 300));
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(2);
    expect(d.startsWith("M")).toBe(true);
    const whole = segmentPath(plotCoords(gap, "recall", 500, 300));
    expect(whole.match(/M/g)).toHaveLength(1);
    expect(whole.match(/L/g)).toHaveLength(4);
    expect(segmentPath([null, null])).toBe("");
  });
});

describe("CalibrationPlot", () => {
  it("draws three series with a point per defined value, and a legend", () => {
    const { container, getByRole } = render(<CalibrationPlot rows={rows} />);
    expect(getByRole("img").getAttribute("aria-label")).toMatch(/precision, recall and F1/i);
    const series = (k: string) => container.querySelector(`g[data-metric="${k}"]`)!;
    expect(series("precision").querySelectorAll("circle")).toHaveLength(8); // first precision is null
    expect(series("recall").querySelectorAll("circle")).toHaveLength(9);
    expect(series("f1").querySelectorAll("circle")).toHaveLength(8);
    expect(series("precision").querySelector("path")!.getAttribute("d")!.match(/M/g)).toHaveLength(1);
    const legend = container.querySelector(".legend")!.textContent;
    expect(legend).toContain("precision");
    expect(legend).toContain("recall");
    expect(legend).toContain("F1");
  });

  it("marks the target and the cutoff in use where they lie", () => {
    const { container } = render(<CalibrationPlot rows={rows} target={Math.fround(0.4731)} cutoff={0.55} width={500} height={300} />);
    const s = plotScales(500, 300);
    const target = container.querySelector(".marker.target")!;
    expect(target.textContent).toBe("target 0.473");
    expect(Number(target.querySelector("line")!.getAttribute("x1"))).toBeCloseTo(s.x(0.4731));
    const inUse = container.querySelector(".marker.in-use")!;
    expect(inUse.textContent).toBe("in use");
    expect(Number(inUse.querySelector("line")!.getAttribute("x1"))).toBeCloseTo(s.x(0.55));
  });

  it("draws no marker when there is no target or it is off the axis", () => {
    const { container } = render(<CalibrationPlot rows={rows} target={null} cutoff={0.9} />);
    expect(container.querySelector(".marker")).toBeNull();
  });
});
