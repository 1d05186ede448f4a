import { render } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { CalibrationTable, fmt3, sameCutoff, targetText } from "./CalibrationTable";
import { calibration } from "./fixtures";

describe("fmt3", () => {
  it("gives 3 decimals and a dash for undefined values", () => {
    expect(fmt3(0.98712)).toBe("0.987");
    expect(fmt3(1)).toBe("1.000");
    expect(fmt3(null)).toBe("–");
    expect(fmt3(Number.NaN)).toBe("–");
  });
});

describe("sameCutoff", () => {
  it("matches an f32-widened cutoff to its grid value only", () => {
    expect(sameCutoff(Math.fround(0.55), 0.55)).toBe(true);
    expect(sameCutoff(0.55, 0.5)).toBe(false);
    expect(sameCutoff(0.55, null)).toBe(false);
    expect(sameCutoff(undefined, 0.55)).toBe(false);
  });
});

describe("CalibrationTable", () => {
  it("shows one row per cutoff with 3-decimal numbers, dashes and counts", () => {
    const { container } = render(<CalibrationTable calibration={calibration} />);
    const rows = container.querySelectorAll("tbody tr");
    expect(rows).toHaveLength(9);
    const first = [...rows[0].querySelectorAll("th, td")].map((c) => c.textContent);
    // cutoff, precision (null), recall, accuracy, F1 (null), TP, FP, FN, TN
    expect(first).toEqual(["0.30", "–", "0.000", "0.900", "–", "30", "3", "7", "900"]);
    const fourth = [...rows[3].querySelectorAll("td")].map((c) => c.textContent);
    expect(fourth.slice(0, 4)).toEqual(["0.980", "0.600", "0.900", "0.740"]);
  });

  it("marks the target grid row and only that one", () => {
    const { container } = render(<CalibrationTable calibration={calibration} />);
    const marked = container.querySelectorAll("tbody tr.target");
    expect(marked).toHaveLength(1);
    expect(marked[0].getAttribute("data-cutoff")).toBe("0.45");
    expect(marked[0].querySelector("th")!.textContent).toContain("target");
    expect(container.querySelectorAll(".target-badge")).toHaveLength(1);
  });

  it("highlights the cutoff in use", () => {
    const { container } = render(<CalibrationTable calibration={calibration} cutoff={0.55} />);
    const current = container.querySelectorAll("tbody tr.current");
    expect(current).toHaveLength(1);
    expect(current[0].getAttribute("data-cutoff")).toBe("0.55");
    expect(current[0].getAttribute("aria-current")).toBe("true");
    expect(current[0].textContent).toContain("in use");
    const none = render(<CalibrationTable calibration={calibration} />).container;
    expect(none.querySelectorAll("tr.current")).toHaveLength(0);
  });

  it("summarises counts, AUC, the target and the confidence curve", () => {
    const { container } = render(<CalibrationTable calibration={calibration} />);
    const text = container.querySelector(".calib-summary")!.textContent!;
    expect(text).toContain("120 faces, 9 identities, 800 same-person pairs, 6340 different-person pairs");
    expect(text).toContain("ROC AUC 0.987");
    expect(text).toContain("largest cutoff with precision ≥ 0.950: 0.473 (recall 0.680)");
    expect(text).toContain("P(same) = 0.5 at distance 0.531 (fitted on your labels)");
    expect(container.querySelector("caption")!.textContent).toContain("confirmed people");
  });

  it("says when no cutoff reaches the target, and names the LFW curve", () => {
    const c = { ...calibration, target: null, target_grid_cutoff: null, auc: null, confidence_source: "lfw-default" };
    const { container } = render(<CalibrationTable calibration={c} targetPrecision={0.99} />);
    const text = container.querySelector(".calib-summary")!.textContent!;
    expect(text).toContain("no cutoff reaches precision 0.990");
    expect(text).toContain("ROC AUC –");
    expect(text).toContain("(from the published LFW figures)");
    expect(container.querySelectorAll("tr.target")).toHaveLength(0);
    expect(targetText(c)).toBe("no cutoff reaches the target precision");
  });
});
