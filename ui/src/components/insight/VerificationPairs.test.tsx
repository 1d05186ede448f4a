import { render } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { metricsText, VerificationPairs } from "./VerificationPairs";
import { cropUrl } from "./fixtures";
import type { VerificationView, WrongPairView } from "./types";

const pair = (a: number, b: number, ia: string, ib: string, distance: number): WrongPairView => ({
  face_a: a,
  identity_a: ia,
  face_b: b,
  identity_b: ib,
  distance,
});

const report: VerificationView = {
  source: "labels.csv",
  cutoff: Math.fround(0.5),
  n_faces: 40,
  tp: 120,
  fp: 2,
  tn: 650,
  fn: 8,
  accuracy: 0.98718,
  precision: 0.98361,
  recall: 0.9375,
  f1: null,
  false_positives: [pair(1, 2, "Ann", "Bea", 0.4412), pair(3, 4, "Cy", "Dan", 0.4811)],
  false_negatives: [],
};

describe("VerificationPairs", () => {
  it("states the metrics and counts at the cutoff", () => {
    expect(metricsText(report)).toBe("accuracy 0.987 · precision 0.984 · recall 0.938 · F1 –");
    const { container } = render(<VerificationPairs report={report} cropUrl={cropUrl} />);
    const line = container.querySelector(".verification-metrics")!.textContent!;
    expect(line).toContain("At cutoff 0.500 on labels.csv (40 faces)");
    expect(line).toContain("TP 120 · FP 2 · FN 8 · TN 650");
  });

  it("shows the false positives as picture pairs with identities and distance", () => {
    const { container } = render(<VerificationPairs report={report} cropUrl={cropUrl} />);
    const fp = container.querySelector('[data-kind="fp"]')!;
    expect(fp.querySelector("h4")!.textContent).toContain("Different people called the same (false positives)");
    const pairs = fp.querySelectorAll(".wrong-pair");
    expect(pairs).toHaveLength(2);
    expect([...pairs[0].querySelectorAll("img")].map((i) => i.getAttribute("src"))).toEqual([cropUrl(1), cropUrl(2)]);
    expect([...pairs[0].querySelectorAll("figcaption")].map((f) => f.textContent)).toEqual(["Ann", "Bea"]);
    expect(pairs[0].querySelector(".pair-distance")!.textContent).toBe("distance 0.441");
    expect(pairs[1].getAttribute("data-face-b")).toBe("4");
    expect(fp.querySelector(".none")).toBeNull();
  });

  it("says none for an empty section", () => {
    const { container } = render(<VerificationPairs report={report} cropUrl={cropUrl} />);
    const fn = container.querySelector('[data-kind="fn"]')!;
    expect(fn.querySelector("h4")!.textContent).toContain("Same person called different (false negatives)");
    expect(fn.querySelector(".none")!.textContent).toBe("none");
    expect(fn.querySelectorAll(".wrong-pair")).toHaveLength(0);
  });

  it("shows at most maxShown pairs and counts the rest", () => {
    const many = { ...report, false_negatives: Array.from({ length: 7 }, (_, i) => pair(10 + i, 50 + i, "Eve", "Eve", 0.6 + i / 100)) };
    const { container } = render(<VerificationPairs report={many} cropUrl={cropUrl} maxShown={5} />);
    const fn = container.querySelector('[data-kind="fn"]')!;
    expect(fn.querySelectorAll(".wrong-pair")).toHaveLength(5);
    expect(fn.querySelector(".more")!.textContent).toBe("+2 more");
    expect(container.querySelector('[data-kind="fp"] .more')).toBeNull();
  });
});
