import { describe, expect, it, vi } from "vitest";

vi.mock("../lib/bindings", () => ({ commands: {} }));
const { faceLabel, viewerFaces } = await import("./PhotoPage");

const face = (id: number, status: string, person: string | null, manual = false) => ({
  face: { id, photo_id: 1, bbox: { left: 1, top: 2, right: 30, bottom: 40 }, score: 0.99, manual },
  person,
  status,
});

describe("face boxes on the photo page", () => {
  it("name who a face is, mark a suggestion with a question mark", () => {
    expect(faceLabel(face(1, "confirmed", "Dan"))).toBe("Dan");
    expect(faceLabel(face(1, "assigned", "Dan"))).toBe("Dan");
    expect(faceLabel(face(1, "suggested", "Dan"))).toBe("Dan?");
    expect(faceLabel(face(1, "stranger", null))).toBe("stranger");
    expect(faceLabel(face(1, "unknown", null))).toBeNull();
  });

  it("style suggestions, marks and hand-drawn faces apart", () => {
    const v = viewerFaces({ id: 1, path: "/p.jpg", faces: [face(1, "suggested", "Dan"), face(2, "confirmed", "Amy", true), face(3, "unknown", null)] });
    expect(v.map((f) => f.kind)).toEqual(["suggested", "manual", undefined]);
    expect(v[1].box).toEqual({ left: 1, top: 2, right: 30, bottom: 40 });
  });
});
