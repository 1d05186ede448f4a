import { describe, expect, it, vi } from "vitest";

vi.mock("../lib/bindings", () => ({ commands: {} }));
const { groupName, pickNext, splitPlan } = await import("./InsightView");

const split = (group: { kind: "person"; name: string } | { kind: "cluster"; label: number }) => ({
  group,
  part_a: [1, 2, 3],
  part_b: [7, 8],
  unlinked: [],
  cut_links: [],
  conductance: 0,
  score: 1,
  mean_distance_a: 0.4,
  mean_distance_b: 0.4,
  mean_distance_between: 0.8,
});

describe("accepting a split", () => {
  it("makes part B the named person", () => {
    expect(splitPlan(split({ kind: "person", name: "Amy" }), "Howard")).toEqual({ faces: [7, 8], name: "Howard" });
    expect(splitPlan(split({ kind: "cluster", label: 3 }), null)).toEqual({ faces: [7, 8], name: null });
  });

  it("splits part A off instead when part B is said to be the group's own person", () => {
    expect(splitPlan(split({ kind: "person", name: "Amy" }), "amy")).toEqual({ faces: [1, 2, 3], name: null });
  });
});

describe("picking two faces to compare", () => {
  it("fills A, then B, then starts over", () => {
    expect(pickNext([null, null], 5)).toEqual([5, null]);
    expect(pickNext([5, null], 5)).toEqual([5, null]);
    expect(pickNext([5, null], 9)).toEqual([5, 9]);
    expect(pickNext([5, 9], 2)).toEqual([2, null]);
  });
});

describe("group names", () => {
  it("names people and unnamed clusters", () => {
    expect(groupName({ kind: "person", name: "Dan" })).toBe("Dan");
    expect(groupName({ kind: "cluster", label: 4 })).toBe("unnamed group 4");
  });
});
