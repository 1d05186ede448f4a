import { describe, expect, it } from "vitest";
import { dropTarget, moveDrag, startDrag } from "./dragMerge";

describe("dragging a card onto another", () => {
  it("is a click until the pointer moves past the threshold", () => {
    let s = startDrag("c1", 100, 100);
    s = moveDrag(s, 102, 103, "c1");
    expect(s.moved).toBe(false);
    expect(dropTarget(s, "c2")).toBeNull();
    s = moveDrag(s, 130, 100, "c2");
    expect(s.moved).toBe(true);
    expect(s.over).toBe("c2");
    expect(dropTarget(s, "c2")).toEqual({ source: "c1", target: "c2" });
  });

  it("drops nowhere on itself or outside every card", () => {
    let s = moveDrag(startDrag("p:Amy", 0, 0), 50, 0, "p:Amy");
    expect(s.over).toBeNull();
    expect(dropTarget(s, "p:Amy")).toBeNull();
    s = moveDrag(s, 90, 0, null);
    expect(dropTarget(s, null)).toBeNull();
  });

  it("stays a drag once it was one, even back near the start", () => {
    let s = moveDrag(startDrag("c1", 0, 0), 40, 0, null);
    s = moveDrag(s, 1, 0, "c3");
    expect(s.moved).toBe(true);
    expect(dropTarget(s, "c3")).toEqual({ source: "c1", target: "c3" });
  });
});
