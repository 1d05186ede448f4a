// The faces outside every group: unknown (no group; the machine's suggestions first),
// strangers and ignored faces, each a tab. Picked faces can be given to a person,
// made a new person, marked, or (strangers, ignored) returned to the unknown faces.
import { useState } from "preact/hooks";
import { FaceGrid } from "../components/FaceGrid";
import { NameInput } from "../components/NameInput";
import { PhotoPage } from "../components/PhotoPage";
import { api, type Bucket } from "../lib/api";
import { useFaceList } from "../lib/useFaceList";

interface Props {
  names: string[];
  counts: { unknown: number; strangers: number; ignored: number };
  onClose: () => void;
}

const TABS: Array<[Bucket, string]> = [
  ["unknown", "Unknown"],
  ["strangers", "Strangers"],
  ["ignored", "Ignored"],
];

export function BucketPage({ names, counts, onClose }: Props) {
  const [bucket, setBucket] = useState<Bucket>(counts.unknown > 0 || (counts.strangers === 0 && counts.ignored === 0) ? "unknown" : counts.strangers > 0 ? "strangers" : "ignored");
  const { faces, picked, setPicked, anchor, error, edit } = useFaceList(() => api.bucketFaces(bucket), bucket);
  const [photo, setPhoto] = useState<number | null>(null);
  const ids = [...picked];
  if (photo !== null) return <PhotoPage photoId={photo} names={names} onBack={() => setPhoto(null)} backLabel="Faces outside groups" />;

  return (
    <div class="fill">
      <div class="row">
        <button id="back-to-people" onClick={onClose} title="Esc">
          ← People
        </button>
        <h2 id="group-title">Faces outside every group</h2>
        <div class="row tabs" role="tablist">
          {TABS.map(([b, title]) => (
            <button key={b} role="tab" data-bucket={b} aria-selected={bucket === b} class={bucket === b ? "primary" : ""} onClick={() => setBucket(b)}>
              {title} ({counts[b]})
            </button>
          ))}
        </div>
      </div>
      {bucket === "unknown" && <p class="muted">Faces no group took in: people seen once, strangers in the background. Dashed ones have a suggestion; pick faces to say who they are.</p>}
      {picked.size > 0 && (
        <div class="row selection-bar">
          <span>{picked.size} selected:</span>
          <NameInput names={names} placeholder="This is…" onSubmit={(name) => void edit(() => api.moveFaces(ids, name))} />
          <button onClick={() => void edit(() => api.splitFaces(ids, null))}>New person</button>
          {bucket !== "strangers" && (
            <button id="mark-stranger" onClick={() => void edit(() => api.markFaces(ids, "stranger"))}>
              Stranger
            </button>
          )}
          {bucket !== "ignored" && <button onClick={() => void edit(() => api.markFaces(ids, "ignored"))}>Ignore</button>}
          {bucket !== "unknown" && (
            <button id="forget-mark" onClick={() => void edit(() => api.forgetFaces(ids))}>
              Not {bucket === "strangers" ? "a stranger" : "ignored"}
            </button>
          )}
          {ids.length === 1 && (
            <button id="open-photo" onClick={() => setPhoto((faces ?? []).find((f) => f.face_id === ids[0])?.photo_id ?? null)}>
              Open photo
            </button>
          )}
          <button onClick={() => setPicked(new Set())}>Clear</button>
        </div>
      )}
      {error && <p class="error">{error}</p>}
      {faces && faces.length === 0 && <p class="muted">No faces here.</p>}
      {faces && faces.length > 0 && <FaceGrid label={TABS.find((t) => t[0] === bucket)?.[1] ?? bucket} faces={faces} picked={picked} anchor={anchor} onPick={setPicked} />}
    </div>
  );
}
