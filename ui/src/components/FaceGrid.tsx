// A virtualised grid of face crops where faces are picked (click; shift-click picks
// a range), for the pages that edit many faces at once.
import { VirtualGrid } from "./VirtualGrid";
import { cropUrl } from "../lib/images";

export interface GridFace {
  face_id: number;
  photo_id: number;
  status: string;
  confidence: number | null;
}

interface Props {
  label: string;
  faces: GridFace[];
  picked: Set<number>;
  onPick: (next: Set<number>) => void;
  /** Index of the last face clicked (the anchor of a shift-click range). */
  anchor?: { current: number | null };
}

/** The picked set after clicking face `index` (with shift: the range from the anchor). */
export function pickAt(faces: GridFace[], picked: Set<number>, index: number, shift: boolean, anchor: number | null): Set<number> {
  const next = new Set(picked);
  if (shift && anchor !== null) {
    const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
    for (let i = from; i <= to; i++) next.add(faces[i].face_id);
    return next;
  }
  const id = faces[index].face_id;
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

export function FaceGrid({ label, faces, picked, onPick, anchor }: Props) {
  return (
    <VirtualGrid
      label={label}
      items={faces}
      cell={112}
      render={(f, i) => (
        <button
          class={`crop status-${f.status}${picked.has(f.face_id) ? " picked" : ""}`}
          data-face={f.face_id}
          aria-pressed={picked.has(f.face_id)}
          title={`Face ${f.face_id} · ${f.status}${f.confidence != null ? ` · ${Math.round(f.confidence * 100)}%` : ""}`}
          onClick={(e) => {
            onPick(pickAt(faces, picked, i, e.shiftKey, anchor?.current ?? null));
            if (anchor) anchor.current = i;
          }}
        >
          <img src={cropUrl(f.face_id)} alt="" loading="lazy" />
        </button>
      )}
    />
  );
}
