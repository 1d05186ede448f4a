// People: every group of faces as a card (crops, size), largest first, and a separate
// bucket for unknown faces and strangers; a card opens all its faces. Groups come from
// the clustering chosen in the Clustering panel.
import { useEffect, useState } from "preact/hooks";
import { VirtualGrid } from "../components/VirtualGrid";
import { api, errorMessage, type Clusters, type FaceSummary } from "../lib/api";
import { cropUrl } from "../lib/images";
import { currentClustering, describeClustering, onClustering } from "../lib/session";
import { dispatch } from "../lib/shortcuts";

interface Card {
  key: string;
  title: string;
  faces: FaceSummary[];
  unknown: boolean;
}

export function cards(c: Clusters): Card[] {
  const groups = c.groups.map((faces, i) => ({ key: `g${i}`, title: `Person ${i + 1}`, faces, unknown: false }));
  return c.unknown.length ? [...groups, { key: "unknown", title: "Unknown", faces: c.unknown, unknown: true }] : groups;
}

export function PeopleView() {
  const [params, setParams] = useState(currentClustering());
  const [clusters, setClusters] = useState<Clusters | null>(null);
  const [open, setOpen] = useState<Card | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => onClustering(setParams), []);
  useEffect(() => {
    setClusters(null);
    api.clusterFaces(params).then(setClusters).catch((e) => setError(errorMessage(e)));
  }, [params]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => dispatch(e, { escape: () => setOpen(null) });
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  if (open) {
    return (
      <div class="fill">
        <div class="row">
          <button id="back-to-people" onClick={() => setOpen(null)} title="Esc">
            ← People
          </button>
          <h2>
            {open.title} <small class="muted">({open.faces.length} faces)</small>
          </h2>
        </div>
        <VirtualGrid
          label={open.title}
          items={open.faces}
          cell={112}
          render={(f) => (
            <div class="crop">
              <img src={cropUrl(f.id)} alt="" loading="lazy" />
            </div>
          )}
        />
      </div>
    );
  }

  const list = clusters ? cards(clusters) : [];
  return (
    <div class="fill">
      <h2>
        People{" "}
        {clusters && (
          <small class="muted">
            ({clusters.groups.length} groups, {clusters.unknown.length} unknown faces · {describeClustering(params)})
          </small>
        )}
      </h2>
      {error && <p class="error">{error}</p>}
      {!clusters && !error && <p class="muted">Grouping faces…</p>}
      {clusters && list.length === 0 && <p class="muted">No faces yet: scan a folder in Library.</p>}
      {list.length > 0 && (
        <VirtualGrid
          label="People"
          items={list}
          cell={176}
          render={(card) => (
            <button class={`person-card${card.unknown ? " unknown" : ""}`} data-card={card.key} onClick={() => setOpen(card)}>
              <div class="person-crops">
                {card.faces.slice(0, 4).map((f) => (
                  <img key={f.id} src={cropUrl(f.id)} alt="" loading="lazy" />
                ))}
              </div>
              <span class="person-title">{card.title}</span>
              <span class="muted">
                {card.faces.length} faces{card.unknown ? " · strangers, rare" : ""}
              </span>
            </button>
          )}
        />
      )}
    </div>
  );
}
