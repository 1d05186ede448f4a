// Rate and time-left of a long job from its (done, total) reports. The rate is an
// exponentially weighted average so one slow photo does not make the ETA jump.

export interface RateEstimate {
  /** Items per second (0 until two reports have arrived). */
  rate: number;
  /** Seconds left, or null while unknown. */
  etaSeconds: number | null;
  /** Fraction done in [0, 1]. */
  fraction: number;
}

export class RateMeter {
  private last: { done: number; at: number } | null = null;
  private rate = 0;

  constructor(private readonly smoothing = 0.3) {}

  /** Records that `done` of `total` items are finished at time `atMs`. */
  update(done: number, total: number, atMs: number): RateEstimate {
    if (this.last && atMs > this.last.at && done >= this.last.done) {
      const instant = ((done - this.last.done) * 1000) / (atMs - this.last.at);
      this.rate = this.rate === 0 ? instant : this.smoothing * instant + (1 - this.smoothing) * this.rate;
    }
    if (!this.last || done !== this.last.done) this.last = { done, at: atMs };
    const left = Math.max(0, total - done);
    return {
      rate: this.rate,
      etaSeconds: this.rate > 0 ? left / this.rate : left === 0 && total > 0 ? 0 : null,
      fraction: total > 0 ? Math.min(1, done / total) : 0,
    };
  }
}

/** "1 h 02 min", "3 min 05 s", "12 s" (null: "—"). */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "—";
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${s} s`;
}
