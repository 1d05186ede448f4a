import { describe, expect, it, vi } from "vitest";
import type { PeopleList } from "../lib/bindings";

vi.mock("../lib/bindings", () => ({ commands: {} }));
const { cards, mergePlan } = await import("./PeopleView");

const person = (name: string, size: number) => ({ id: size, name, confirmed: size, assigned: 0, suggested: 0, photos: size, size, sample: [size] });
const list = (over: Partial<PeopleList> = {}): PeopleList => ({
  people: [person("Dan", 2), person("Amy", 5)],
  clusters: [
    { label: 4, size: 7, sample: [11, 12] },
    { label: 1, size: 3, sample: [13] },
  ],
  unknown: 2,
  strangers: 1,
  ignored: 0,
  bucket_sample: [21, 22],
  run_id: 1,
  ...over,
});

describe("People cards", () => {
  it("lists people largest first, then the clusters in order, then the bucket", () => {
    expect(cards(list()).map((c) => [c.key, c.title, c.size])).toEqual([
      ["p:Amy", "Amy", 5],
      ["p:Dan", "Dan", 2],
      ["c4", "Unnamed 1", 7],
      ["c1", "Unnamed 2", 3],
      ["bucket", "Unknown", 3],
    ]);
    expect(cards(list()).slice(-1)[0].sample).toEqual([21, 22]);
  });

  it("has no bucket when every face is in a group", () => {
    expect(cards(list({ unknown: 0, strangers: 0 })).some((c) => c.bucket)).toBe(false);
  });
});

describe("merging cards", () => {
  it("names the clusters and merges the other people into the target", () => {
    const all = cards(list());
    const picked = all.filter((c) => ["p:Amy", "p:Dan", "c1"].includes(c.key));
    expect(mergePlan(picked, "Amy")).toEqual({ clusters: [1], people: ["Dan"] });
  });

  it("merges into a new name: every selected person moves", () => {
    const picked = cards(list()).filter((c) => c.person);
    expect(mergePlan(picked, "Family")).toEqual({ clusters: [], people: ["Amy", "Dan"] });
  });
});

describe("edit notes", () => {
  it("sums the faces changed and names the first reason a face was left alone", async () => {
    const { describeEdit } = await import("./PeopleView");
    expect(describeEdit("Merged into Amy", [{ changed: 3, skipped: [] }, { changed: 2, skipped: ["face 9: same photo"] }])).toBe(
      "Merged into Amy: 5 faces, 1 left alone (face 9: same photo)",
    );
  });
});

describe("plural", () => {
  it("says person for one and people otherwise", async () => {
    const { plural } = await import("./PeopleView");
    expect([0, 1, 2].map((n) => plural(n, "person", "people"))).toEqual(["0 people", "1 person", "2 people"]);
  });
});
