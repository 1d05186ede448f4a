// Clustering panel: pick the method and its parameter, see how many groups and
// unknown faces it gives (and how many faces the quality line keeps out of grouping)
// before using it; for k-means, the elbow plot of cost against k with the knee marked,
// where a click picks k.
import { useEffect, useState } from "preact/hooks";
import { ElbowPlot } from "../components/ElbowPlot";
import { api, errorMessage, type ClusterParams, type ElbowPlot as Elbow } from "../lib/api";
import { currentClustering, describeClustering, setClustering } from "../lib/session";

type Method = ClusterParams["method"];

function paramsFor(method: Method, eps: number, minSamples: number, cutoff: number, linkCutoff: number, k: number): ClusterParams {
  switch (method) {
    case "linkage":
      return { method, cutoff: linkCutoff };
    case "graph":
      return { method, cutoff };
    case "dbscan":
      return { method, eps, min_samples: minSamples };
    case "kmeans":
      return { method, k };
  }
}

export function ClusteringView() {
  const start = currentClustering();
  const [method, setMethod] = useState<Method>(start.method);
  const [cutoff, setCutoff] = useState(start.method === "graph" ? (start.cutoff ?? 0.5) : 0.5);
  const [linkCutoff, setLinkCutoff] = useState(start.method === "linkage" ? (start.cutoff ?? 0.60) : 0.60);
  const [eps, setEps] = useState(start.method === "dbscan" ? (start.eps ?? 0.5) : 0.5);
  const [minSamples, setMinSamples] = useState(start.method === "dbscan" ? start.min_samples : 3);
  const [k, setK] = useState<number | null>(start.method === "kmeans" ? start.k : null);
  const [elbow, setElbow] = useState<Elbow | null>(null);
  const [preview, setPreview] = useState<{ groups: number; unknown: number; heldBack: number; line: number; older: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [applied, setApplied] = useState(describeClustering(start));

  const params = method === "kmeans" && k === null ? null : paramsFor(method, eps, minSamples, cutoff, linkCutoff, k ?? 2);

  // The elbow plot is computed once per visit (k-means for every k is the slow part).
  useEffect(() => {
    if (method !== "kmeans" || elbow) return;
    api
      .elbowPlot(2, 20)
      .then((e) => {
        setElbow(e);
        if (k === null && e.knee !== null) setK(e.knee);
      })
      .catch((err) => setError(errorMessage(err)));
  }, [method]);

  // Counts for the current settings, a moment after the slider stops.
  useEffect(() => {
    if (!params) return;
    setPreview(null);
    const t = setTimeout(() => {
      api
        .clusterFaces(params)
        .then((c) => setPreview({ groups: c.groups.length, unknown: c.unknown.length, heldBack: c.held_back, line: c.quality_line ?? 0.5, older: c.older_model_faces }))
        .catch((err) => setError(errorMessage(err)));
    }, 250);
    return () => clearTimeout(t);
  }, [JSON.stringify(params)]);

  return (
    <>
      <h2>Clustering</h2>
      {error && <p class="error">{error}</p>}
      <div class="panel-grid">
        <section class="card method" aria-label="Method">
          <h3>Method</h3>
          {(
            [
              ["linkage", "Average linkage: look-alikes are not chained (default)"],
              ["graph", "Graph (Chinese whispers): no number to guess"],
              ["dbscan", "DBSCAN: faces without close neighbours stay unknown"],
              ["kmeans", "k-means: you choose the number of people"],
            ] as const
          ).map(([m, label]) => (
            <label key={m}>
              <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} /> {label}
            </label>
          ))}
          {method === "linkage" && (
            <div class="slider">
              <label for="link-cutoff">Cutoff</label>
              <input id="link-cutoff" type="range" min={0.5} max={0.75} step={0.01} value={linkCutoff} onInput={(e) => setLinkCutoff(Number((e.target as HTMLInputElement).value))} />
              <output>{linkCutoff.toFixed(2)}</output>
            </div>
          )}
          {method === "graph" && (
            <div class="slider">
              <label for="cutoff">Cutoff</label>
              <input id="cutoff" type="range" min={0.3} max={0.7} step={0.01} value={cutoff} onInput={(e) => setCutoff(Number((e.target as HTMLInputElement).value))} />
              <output>{cutoff.toFixed(2)}</output>
            </div>
          )}
          {method === "dbscan" && (
            <>
              <div class="slider">
                <label for="eps">eps</label>
                <input id="eps" type="range" min={0.3} max={0.7} step={0.01} value={eps} onInput={(e) => setEps(Number((e.target as HTMLInputElement).value))} />
                <output>{eps.toFixed(2)}</output>
              </div>
              <div class="slider">
                <label for="min-samples">Min. neighbours</label>
                <input id="min-samples" type="number" min={1} max={20} value={minSamples} onInput={(e) => setMinSamples(Math.max(1, Number((e.target as HTMLInputElement).value) || 1))} />
              </div>
            </>
          )}
          <p class="counts" id="cluster-preview" aria-live="polite">
            {params === null ? "Pick k on the plot." : preview ? `${preview.groups} groups · ${preview.unknown} unknown faces` : "Counting…"}
          </p>
          {preview && (
            <p class="muted" id="quality-line">
              Quality line {preview.line.toFixed(2)}: {preview.heldBack} {preview.heldBack === 1 ? "face" : "faces"} cut by the photo's edge, tiny, turned away or doubtful take no part in grouping (they stay unknown and can still be named).
            </p>
          )}
          {preview && preview.older > 0 && (
            <p class="muted" id="older-model-faces">
              {preview.older} {preview.older === 1 ? "face was" : "faces were"} analysed by an earlier version of Kindred and take no part until the next scan (Library, Scan) describes them again; names and decisions stay.
            </p>
          )}
          <button id="apply-clustering" class="primary" disabled={!params} onClick={() => params && (setClustering(params), setApplied(describeClustering(params)))}>
            Use for People
          </button>
          <p class="muted">People view uses: {applied}</p>
        </section>
        {method === "kmeans" && (
          <section class="card" aria-label="Elbow plot">
            <h3>Cost against k {k !== null && <small class="muted">(k = {k})</small>}</h3>
            {elbow ? <ElbowPlot points={elbow.points.map((p) => ({ k: p.k, cost: p.cost ?? 0 }))} knee={elbow.knee} selected={k} onPick={setK} /> : <p class="muted">Computing k-means for k = 2…20…</p>}
          </section>
        )}
      </div>
    </>
  );
}
