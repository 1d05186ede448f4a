import { describe, expect, it } from "vitest";
import { ago, latestUndoable } from "./history";

const item = (id: number, undone: boolean) => ({ id, summary: `edit ${id}`, at: 0, undone });

describe("undo through the core's history", () => {
  it("takes the newest edit that is not undone", () => {
    expect(latestUndoable([item(5, true), item(4, true), item(3, false), item(2, false)])?.id).toBe(3);
    expect(latestUndoable([item(2, false), item(1, false)])?.id).toBe(2);
  });

  it("has nothing to undo when every edit is undone or there is none", () => {
    expect(latestUndoable([item(1, true)])).toBeNull();
    expect(latestUndoable([])).toBeNull();
  });

  it("says how long ago an edit was made", () => {
    const now = 1_700_000_000_000;
    expect(ago(now / 1000 - 5, now)).toBe("just now");
    expect(ago(now / 1000 - 125, now)).toBe("2 min ago");
    expect(ago(now / 1000 - 7300, now)).toBe("2 h ago");
    expect(ago(now / 1000 - 90000, now)).toBe("yesterday");
    expect(ago(now / 1000 - 10 * 86400, now)).toBe("2023-11-04");
  });
});
