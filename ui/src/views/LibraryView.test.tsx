import { describe, expect, it, vi } from "vitest";

vi.mock("../lib/bindings", () => ({ commands: {} }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn() }));
const { reportText } = await import("./LibraryView");

const report = {
  files_found: 12,
  unchanged: 2,
  photos_analyzed: 10,
  same_content: 0,
  skipped: 1,
  faces: 31,
  missing: 0,
  cancelled: false,
  walk_problems: [],
  redescribed: 0,
  redescribe_left: 0,
};

describe("scan report", () => {
  it("gives the counts of a finished scan", () => {
    expect(reportText(report)).toBe(
      "Scan finished: 12 files found, 2 unchanged, 10 photos analysed, 31 faces, 1 skipped.",
    );
  });

  it("says when faces of an older model were described again or still wait", () => {
    const text = reportText({ ...report, redescribed: 40, redescribe_left: 3 });
    expect(text).toContain("40 faces found by an older version described again");
    expect(text).toContain("3 faces of an older version wait for their photos");
  });

  it("says a stopped scan continues", () => {
    expect(reportText({ ...report, cancelled: true })).toMatch(/^Scan stopped; scanning again continues/);
  });
});
