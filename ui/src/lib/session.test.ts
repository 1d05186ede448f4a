import { describe, expect, it, vi } from "vitest";
import { currentClustering, DEFAULT_CLUSTERING, describeClustering, onClustering, setClustering } from "./session";

describe("clustering settings", () => {
  it("start at the core default and notify views of a change", () => {
    expect(currentClustering()).toEqual(DEFAULT_CLUSTERING);
    const seen = vi.fn();
    const off = onClustering(seen);
    setClustering({ method: "kmeans", k: 7 });
    off();
    setClustering(DEFAULT_CLUSTERING);
    expect(seen).toHaveBeenCalledOnce();
    expect(seen).toHaveBeenCalledWith({ method: "kmeans", k: 7 });
  });

  it("describe each method", () => {
    expect(describeClustering({ method: "graph", cutoff: 0.5 })).toBe("graph, cutoff 0.50");
    expect(describeClustering({ method: "linkage", cutoff: 0.60 })).toBe("average linkage, cutoff 0.60");
    expect(describeClustering({ method: "dbscan", eps: 0.45, min_samples: 3 })).toBe("DBSCAN, eps 0.45, min 3");
    expect(describeClustering({ method: "kmeans", k: 7 })).toBe("k-means, k = 7");
  });
});
