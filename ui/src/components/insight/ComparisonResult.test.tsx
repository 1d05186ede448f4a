import { render } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { ComparisonResult, gaugePercent, verdictText } from "./ComparisonResult";
import { cropUrl } from "./fixtures";
import type { ComparisonView } from "./types";

const same: ComparisonView = {
  distance: 0.4123,
  cutoff: Math.fround(0.55),
  same: true,
  p_same: 0.934,
  confidence: 0.934,
  confidence_source: "fitted",
  face_a: 3,
  face_b: 8,
};

describe("helpers", () => {
  it("places distances on the 0..1.2 gauge, clamped", () => {
    expect(gaugePercent(0)).toBe(0);
    expect(gaugePercent(0.6)).toBeCloseTo(50);
    expect(gaugePercent(1.2)).toBe(100);
    expect(gaugePercent(2)).toBe(100);
    expect(gaugePercent(-1)).toBe(0);
    expect(verdictText(true)).toBe("Same person");
    expect(verdictText(false)).toBe("Different people");
  });
});

describe("ComparisonResult", () => {
  it("shows both crops, the distance, the verdict and how sure", () => {
    const { container } = render(<ComparisonResult result={same} cropUrl={cropUrl} />);
    expect([...container.querySelectorAll(".comparison-faces img")].map((i) => i.getAttribute("src"))).toEqual([
      cropUrl(3),
      cropUrl(8),
    ]);
    expect(container.querySelector(".verdict")!.textContent).toBe("Same person");
    expect(container.querySelector(".comparison-verdict")!.textContent).toContain("at cutoff 0.550, distance 0.412");
    expect(container.querySelector(".comparison-confidence")!.textContent).toContain("how sure: 93%");
    expect(container.querySelector(".comparison-confidence")!.textContent).toContain("fitted on your labels");
    expect(container.querySelector(".comparison")!.getAttribute("data-same")).toBe("true");
    expect(container.querySelector(".comparison-disagree")).toBeNull();
  });

  it("flips the verdict with `same` and names the LFW curve", () => {
    const r = { ...same, same: false, distance: 0.71, p_same: 0.12, confidence: 0.88, confidence_source: "lfw-default" };
    const { container } = render(<ComparisonResult result={r} cropUrl={cropUrl} />);
    expect(container.querySelector(".verdict")!.textContent).toBe("Different people");
    expect(container.querySelector(".comparison")!.classList.contains("different")).toBe(true);
    expect(container.textContent).toContain("how sure: 88%");
    expect(container.textContent).toContain("from the published LFW figures");
  });

  it("shows placeholders without face ids", () => {
    const r = { ...same, face_a: null, face_b: null };
    const { container } = render(<ComparisonResult result={r} cropUrl={cropUrl} />);
    expect(container.querySelectorAll("img")).toHaveLength(0);
    expect(container.querySelectorAll(".crop.placeholder")).toHaveLength(2);
  });

  it("puts the distance and the cutoff on the gauge", () => {
    const { container } = render(<ComparisonResult result={{ ...same, distance: 0.9 }} cropUrl={cropUrl} />);
    const value = container.querySelector(".gauge-value") as HTMLElement;
    const cut = container.querySelector(".gauge-cutoff") as HTMLElement;
    expect(parseFloat(value.style.left)).toBeCloseTo(75);
    expect(parseFloat(cut.style.left)).toBeCloseTo(45.83, 1);
    expect(container.querySelector(".gauge")!.getAttribute("aria-valuenow")).toBe("0.9");
  });

  it("warns when the verdict is less likely than not", () => {
    const r = { ...same, distance: 0.54, p_same: 0.42, confidence: 0.42 };
    const { container } = render(<ComparisonResult result={r} cropUrl={cropUrl} />);
    expect(container.querySelector(".comparison-disagree")).not.toBeNull();
  });
});
