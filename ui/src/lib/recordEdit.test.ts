import { describe, expect, it, vi } from "vitest";
import { libraryChanged, onLibraryChanged, recordEdit, undoStack } from "./session";

describe("recordEdit", () => {
  it("pushes one undo entry that undoes every core action of the edit", async () => {
    const undoLast = vi.fn(async () => "ok");
    const changed = vi.fn();
    const off = onLibraryChanged(changed);
    await recordEdit("merge into Amy", [async () => 1, async () => 2], undoLast);
    expect(undoStack.peek()).toBe("merge into Amy");
    expect(changed).toHaveBeenCalledTimes(1);
    await undoStack.undo();
    expect(undoLast).toHaveBeenCalledTimes(2);
    expect(changed).toHaveBeenCalledTimes(2);
    off();
    libraryChanged();
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it("undoes only the actions that ran when a later one fails", async () => {
    const undoLast = vi.fn(async () => "ok");
    const failing = async () => {
      throw new Error("no such person");
    };
    await expect(recordEdit("merge", [async () => 1, failing], undoLast)).rejects.toThrow("no such person");
    await undoStack.undo();
    expect(undoLast).toHaveBeenCalledTimes(1);
  });

  it("records nothing when the first action fails", async () => {
    const before = undoStack.size;
    await expect(recordEdit("x", [async () => Promise.reject(new Error("bad"))], vi.fn())).rejects.toThrow("bad");
    expect(undoStack.size).toBe(before);
  });
});
