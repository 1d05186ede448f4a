import { describe, expect, it } from "vitest";
import { formatDuration, fractionDone } from "./progress";

describe("formatDuration", () => {
  it("formats hours, minutes and seconds", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(12.4)).toBe("12 s");
    expect(formatDuration(185)).toBe("3 min 05 s");
    expect(formatDuration(3720)).toBe("1 h 02 min");
  });
});

describe("fractionDone", () => {
  it("is 0 without a total and never above 1", () => {
    expect(fractionDone(3, 0)).toBe(0);
    expect(fractionDone(5, 20)).toBe(0.25);
    expect(fractionDone(25, 20)).toBe(1);
  });
});
