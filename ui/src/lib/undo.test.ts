import { describe, expect, it } from "vitest";
import { UndoStack } from "./undo";

describe("UndoStack", () => {
  it("reverses edits newest first", async () => {
    const log: string[] = [];
    const s = new UndoStack();
    s.push({ label: "name Ann", undo: async () => void log.push("unname") });
    s.push({ label: "merge", undo: async () => void log.push("unmerge") });
    expect(s.peek()).toBe("merge");
    expect(await s.undo()).toBe("merge");
    expect(await s.undo()).toBe("name Ann");
    expect(await s.undo()).toBeNull();
    expect(log).toEqual(["unmerge", "unname"]);
  });

  it("keeps an entry whose reversal failed", async () => {
    const s = new UndoStack();
    s.push({ label: "merge", undo: async () => { throw new Error("database locked"); } });
    await expect(s.undo()).rejects.toThrow("database locked");
    expect(s.size).toBe(1);
  });

  it("forgets the oldest edits beyond its limit", () => {
    const s = new UndoStack(2);
    for (const l of ["a", "b", "c"]) s.push({ label: l, undo: async () => {} });
    expect(s.size).toBe(2);
  });
});
