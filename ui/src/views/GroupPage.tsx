// One person's or one unnamed cluster's faces, with every edit on a selection of them:
// name or rename, move to someone, "not this person", stranger, ignore, split off,
// accept or reject suggestions, compare two faces, open a face's photo, and the review
// queue of unknown faces most like the person. Every edit is one core action.
import { useEffect, useState } from "preact/hooks";
import { ComparisonResult } from "../components/insight/ComparisonResult";
import type { ComparisonView } from "../components/insight/types";
import { FaceGrid } from "../components/FaceGrid";
import { NameInput } from "../components/NameInput";
import { PhotoPage } from "../components/PhotoPage";
import { ReviewQueue } from "../components/ReviewQueue";
import { api, errorMessage, type ReviewFace } from "../lib/api";
import { cropUrl } from "../lib/images";
import { useFaceList } from "../lib/useFaceList";
import type { Card } from "./PeopleView";

interface Props {
  card: Card;
  names: string[];
  onClose: () => void;
  onRenamed: (name: string) => void;
}

/** dlib's published cutoff, for comparing two faces of a group. */
const COMPARE_CUTOFF = 0.6;

export function GroupPage({ card, names, onClose, onRenamed }: Props) {
  const group = card.person !== undefined ? ({ kind: "person", name: card.person } as const) : ({ kind: "cluster", label: card.label ?? 0 } as const);
  const { faces, picked, setPicked, anchor, error, setError, edit } = useFaceList(() => api.groupFaces(group), card.key);
  const [review, setReview] = useState<ReviewFace[] | null>(null);
  const [photo, setPhoto] = useState<number | null>(null);
  const [comparison, setComparison] = useState<ComparisonView | null>(null);
  // A comparison is of the two faces picked: stale once the faces change.
  useEffect(() => setComparison(null), [faces]);
  const ids = [...picked];
  const suggested = (faces ?? []).filter((f) => picked.has(f.face_id) && f.status === "suggested").map((f) => f.face_id);

  if (photo !== null) return <PhotoPage photoId={photo} names={names} onBack={() => setPhoto(null)} backLabel={card.title} />;

  return (
    <div class="fill">
      <div class="row">
        <button id="back-to-people" onClick={onClose} title="Esc">
          ← People
        </button>
        <h2 id="group-title">
          {card.title} <small class="muted">({faces?.length ?? "…"} faces)</small>
        </h2>
        <NameInput
          key={card.key}
          names={names}
          initial={card.person ?? ""}
          placeholder={card.person ? "Rename…" : "Who is this?"}
          onSubmit={(name) =>
            void edit(async () => {
              if (card.person) await api.renamePerson(card.person, name);
              else await api.nameClusters([card.label ?? 0], name);
              onRenamed(name);
            })
          }
        />
        {card.person && (
          <button id="open-review" onClick={() => void api.reviewQueue(card.person as string, 50).then(setReview, (e) => setError(errorMessage(e)))}>
            Review unknown faces
          </button>
        )}
        <span class="muted hint">Click faces to pick them (Shift: a range).</span>
      </div>
      {picked.size > 0 && (
        <div class="row selection-bar">
          <span>{picked.size} selected:</span>
          <NameInput names={names} placeholder="Move to…" onSubmit={(name) => void edit(() => api.moveFaces(ids, name))} />
          {card.person && (
            <button id="not-person" onClick={() => void edit(() => api.rejectFaces(ids, card.person as string))}>
              Not {card.person}
            </button>
          )}
          <button id="mark-stranger" onClick={() => void edit(() => api.markFaces(ids, "stranger"))}>
            Stranger
          </button>
          <button onClick={() => void edit(() => api.markFaces(ids, "ignored"))}>Ignore</button>
          <button id="split-off" onClick={() => void edit(() => api.splitFaces(ids, null))}>
            Split off
          </button>
          {suggested.length > 0 && (
            <>
              <button onClick={() => void edit(() => api.acceptSuggestions(suggested))}>Accept suggestion</button>
              <button onClick={() => void edit(() => api.rejectSuggestions(suggested))}>Reject suggestion</button>
            </>
          )}
          {ids.length === 1 && (
            <button id="open-photo" onClick={() => setPhoto((faces ?? []).find((f) => f.face_id === ids[0])?.photo_id ?? null)}>
              Open photo
            </button>
          )}
          {ids.length === 2 && (
            <button
              id="compare-two"
              onClick={() =>
                void api.compareFaces(ids[0], ids[1], COMPARE_CUTOFF).then(
                  (c) => setComparison(c as unknown as ComparisonView),
                  (e) => setError(errorMessage(e)),
                )
              }
            >
              Compare
            </button>
          )}
          <button onClick={() => setPicked(new Set())}>Clear</button>
        </div>
      )}
      {error && <p class="error">{error}</p>}
      {comparison && picked.size === 2 && <ComparisonResult result={comparison} cropUrl={cropUrl} />}
      {review && card.person && (
        <ReviewQueue
          person={card.person}
          candidates={review.map((r) => ({ faceId: r.face_id, cropUrl: cropUrl(r.face_id), distance: r.distance ?? 0 }))}
          onAccept={(id) => void edit(() => api.moveFaces([id], card.person as string))}
          onReject={(id) => void edit(() => api.rejectFaces([id], card.person as string))}
        />
      )}
      {faces && (
        <FaceGrid
          label={card.title}
          faces={faces}
          picked={picked}
          anchor={anchor}
          onPick={(p) => {
            setPicked(p);
            setComparison(null);
          }}
        />
      )}
    </div>
  );
}
