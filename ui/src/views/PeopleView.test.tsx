import { describe, expect, it, vi } from "vitest";

vi.mock("../lib/bindings", () => ({ commands: {} }));
const { cards } = await import("./PeopleView");

const face = (id: number) => ({ id, photo_id: id, bbox: { left: 0, top: 0, right: 1, bottom: 1 }, score: 1 });

describe("People cards", () => {
  it("lists groups in order and the unknown bucket last", () => {
    const list = cards({ groups: [[face(1), face(2)], [face(3)]], unknown: [face(4)] });
    expect(list.map((c) => [c.title, c.faces.length, c.unknown])).toEqual([
      ["Person 1", 2, false],
      ["Person 2", 1, false],
      ["Unknown", 1, true],
    ]);
  });

  it("has no unknown card when every face is in a group", () => {
    expect(cards({ groups: [[face(1)]], unknown: [] }).map((c) => c.key)).toEqual(["g0"]);
  });
});
