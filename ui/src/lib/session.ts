// State shared by every view for the whole session: the clustering settings the
// People view uses (chosen in the Clustering panel) and the "library changed" signal.
// The undo history is not kept here: every edit is an action recorded by the core in
// the database, so Ctrl+Z also reverses edits of earlier sessions (see lib/history.ts).
import type { ClusterParams } from "./bindings";

/** The core's product default: average linkage at its group cutoff 0.60. */
export const DEFAULT_CLUSTERING: ClusterParams = { method: "linkage", cutoff: 0.60 };

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

/** "average linkage, cutoff 0.60", "graph, cutoff 0.50", "k-means, k = 7", "DBSCAN, eps 0.50, min 3". */
export function describeClustering(p: ClusterParams): string {
  switch (p.method) {
    case "linkage":
      return `average linkage, cutoff ${(p.cutoff ?? 0).toFixed(2)}`;
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
 * Runs `edits` (each one recorded, undoable action of the core) one after the other,
 * then tells every view the library changed, also when one failed halfway (the ones
 * before it did happen).
 */
export async function recordEdit<T>(edits: Array<() => Promise<T>>): Promise<T[]> {
  const out: T[] = [];
  try {
    for (const e of edits) out.push(await e());
  } finally {
    libraryChanged();
  }
  return out;
}
