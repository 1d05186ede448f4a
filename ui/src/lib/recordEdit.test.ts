import { describe, expect, it, vi } from "vitest";
import { libraryChanged, onLibraryChanged, recordEdit } from "./session";

describe("recordEdit", () => {
  it("runs the edits in order and tells the views once", async () => {
    const changed = vi.fn();
    const off = onLibraryChanged(changed);
    const order: number[] = [];
    const out = await recordEdit([async () => (order.push(1), 1), async () => (order.push(2), 2)]);
    expect(out).toEqual([1, 2]);
    expect(order).toEqual([1, 2]);
    expect(changed).toHaveBeenCalledTimes(1);
    off();
    libraryChanged();
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it("stops at a failing edit and still tells the views (the earlier ones happened)", async () => {
    const changed = vi.fn();
    const off = onLibraryChanged(changed);
    const later = vi.fn(async () => 3);
    const failing = async () => {
      throw new Error("no such person");
    };
    await expect(recordEdit([async () => 1, failing, later])).rejects.toThrow("no such person");
    expect(later).not.toHaveBeenCalled();
    expect(changed).toHaveBeenCalledTimes(1);
    off();
  });
});
