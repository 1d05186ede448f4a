// Wording of a long job's progress (the core measures rate and time left).

/** "1 h 02 min", "3 min 05 s", "12 s" (null: "—"). */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "—";
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${s} s`;
}

/** Fraction done in [0, 1] (0 while the total is unknown). */
export function fractionDone(done: number, total: number): number {
  return total > 0 ? Math.min(1, done / total) : 0;
}
