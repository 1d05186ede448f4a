import { describe, expect, it, vi } from "vitest";

vi.mock("../lib/bindings", () => ({ commands: {} }));
const { buildQuery, parseNames } = await import("./SearchView");

describe("search form", () => {
  it("splits names on commas and drops blanks", () => {
    expect(parseNames(" Amy ,  Dan  Smith,, ")).toEqual(["Amy", "Dan Smith"]);
    expect(parseNames("")).toEqual([]);
  });

  it("turns the form into the core's query, empty dates as none", () => {
    expect(buildQuery({ people: "Amy", without: "Dan", only: true, from: " 2019 ", to: "" })).toEqual({
      people: ["Amy"],
      without: ["Dan"],
      only: true,
      from: "2019",
      to: null,
    });
  });
});
