import { describe, expect, it } from "vitest";
import { formatDuration, RateMeter } from "./progress";

describe("RateMeter", () => {
  it("has no ETA before it has a rate", () => {
    const m = new RateMeter();
    const e = m.update(0, 100, 0);
    expect(e.etaSeconds).toBeNull();
    expect(e.fraction).toBe(0);
  });

  it("estimates rate and time left from steady progress", () => {
    const m = new RateMeter();
    m.update(0, 100, 0);
    m.update(10, 100, 1000);
    const e = m.update(20, 100, 2000);
    expect(e.rate).toBeCloseTo(10);
    expect(e.etaSeconds).toBeCloseTo(8);
    expect(e.fraction).toBeCloseTo(0.2);
  });

  it("smooths a sudden slow step instead of following it", () => {
    const m = new RateMeter(0.3);
    m.update(0, 1000, 0);
    m.update(10, 1000, 1000); // 10/s
    const e = m.update(11, 1000, 2000); // 1/s instant
    expect(e.rate).toBeGreaterThan(5);
    expect(e.rate).toBeLessThan(10);
  });

  it("reports zero time left when finished", () => {
    const m = new RateMeter();
    expect(m.update(5, 5, 0).etaSeconds).toBe(0);
  });
});

describe("formatDuration", () => {
  it("formats hours, minutes and seconds", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(12.4)).toBe("12 s");
    expect(formatDuration(185)).toBe("3 min 05 s");
    expect(formatDuration(3720)).toBe("1 h 02 min");
  });
});
