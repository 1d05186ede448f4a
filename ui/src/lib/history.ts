// Undo through the core's action history: the latest edit not yet undone (from this
// session or an earlier one) is what Ctrl+Z reverses, and the undo button names it.
import type { HistoryItem } from "./bindings";

/** The edit an undo would reverse: the newest one that is not undone. */
export function latestUndoable(items: HistoryItem[]): HistoryItem | null {
  // Undo always takes the newest action not undone, wherever it sits in the list.
  return items.find((i) => !i.undone) ?? null;
}

/** "2 min ago", "3 h ago", "yesterday", or the date. */
export function ago(atSeconds: number, nowMs = Date.now()): string {
  const s = Math.max(0, Math.round(nowMs / 1000 - atSeconds));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 2 * 86400) return "yesterday";
  return new Date(atSeconds * 1000).toISOString().slice(0, 10);
}
