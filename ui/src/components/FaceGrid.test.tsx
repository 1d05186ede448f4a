import { fireEvent, render } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { FaceGrid, pickAt } from "./FaceGrid";

const faces = [10, 11, 12, 13, 14].map((id) => ({ face_id: id, photo_id: id, status: "unknown", confidence: null }));

describe("picking faces", () => {
  it("toggles one face per click", () => {
    const one = pickAt(faces, new Set(), 1, false, null);
    expect([...one]).toEqual([11]);
    expect([...pickAt(faces, one, 1, false, 1)]).toEqual([]);
  });

  it("picks a range with shift, either direction, keeping earlier picks", () => {
    expect([...pickAt(faces, new Set([14]), 3, true, 1)].sort()).toEqual([11, 12, 13, 14]);
    expect([...pickAt(faces, new Set(), 0, true, 2)].sort()).toEqual([10, 11, 12]);
  });

  it("reports the new set when a crop is clicked", () => {
    const onPick = vi.fn();
    const { container } = render(<FaceGrid label="t" faces={faces} picked={new Set([10])} onPick={onPick} />);
    fireEvent.click(container.querySelector("[data-face='12']")!);
    expect([...onPick.mock.calls[0][0]].sort()).toEqual([10, 12]);
    expect(container.querySelector("[data-face='10']")!.getAttribute("aria-pressed")).toBe("true");
  });
});
