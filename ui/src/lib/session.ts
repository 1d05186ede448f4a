// State shared by every view for the whole session: the undo history and the
// clustering settings the People view uses (chosen in the Clustering panel).
import type { ClusterParams } from "./bindings";
import { UndoStack } from "./undo";

export const undoStack = new UndoStack();

/** The core's product default: graph clustering at cutoff 0.5. */
export const DEFAULT_CLUSTERING: ClusterParams = { method: "graph", cutoff: 0.5 };

let clustering: ClusterParams = DEFAULT_CLUSTERING;
const listeners = new Set<(p: ClusterParams) => void>();

export function currentClustering(): ClusterParams {
  return clustering;
}

export function setClustering(p: ClusterParams): void {
  clustering = p;
  for (const fn of listeners) fn(p);
}

export function onClustering(fn: (p: ClusterParams) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** "graph, cutoff 0.50", "k-means, k = 7", "DBSCAN, eps 0.50, min 3". */
export function describeClustering(p: ClusterParams): string {
  switch (p.method) {
    case "graph":
      return `graph, cutoff ${(p.cutoff ?? 0).toFixed(2)}`;
    case "dbscan":
      return `DBSCAN, eps ${(p.eps ?? 0).toFixed(2)}, min ${p.min_samples}`;
    case "kmeans":
      return `k-means, k = ${p.k}`;
  }
}

// The library's people changed (an edit, an undo, a new clustering): views reload.
const changeListeners = new Set<() => void>();

export function onLibraryChanged(fn: () => void): () => void {
  changeListeners.add(fn);
  return () => changeListeners.delete(fn);
}

export function libraryChanged(): void {
  for (const fn of changeListeners) fn();
}

/**
 * Runs `edits` (each one recorded action of the core) and pushes one undo entry that
 * reverses all of them with the core's undo, so Ctrl+Z restores the database.
 */
export async function recordEdit<T>(label: string, edits: Array<() => Promise<T>>, undoLast: () => Promise<unknown>): Promise<T[]> {
  const out: T[] = [];
  try {
    for (const e of edits) out.push(await e());
  } finally {
    const done = out.length;
    if (done > 0)
      undoStack.push({
        label,
        undo: async () => {
          for (let i = 0; i < done; i++) await undoLast();
          libraryChanged();
        },
      });
    libraryChanged();
  }
  return out;
}
