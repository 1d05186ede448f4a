// Unknown faces sorted by likeness to one person, confirmed or rejected with a key
// each: Y (or Enter) yes, N no, J/K or arrows to move. A rejection is stored by the
// core as a fact, so the same suggestion never comes back.
import { useEffect, useState } from "preact/hooks";
import { dispatch } from "../lib/shortcuts";

export interface Candidate {
  faceId: number;
  cropUrl: string;
  distance: number;
}

interface Props {
  person: string;
  candidates: Candidate[];
  onAccept: (faceId: number) => void;
  onReject: (faceId: number) => void;
}

export function ReviewQueue({ person, candidates, onAccept, onReject }: Props) {
  const [index, setIndex] = useState(0);
  const [decided, setDecided] = useState<Record<number, "yes" | "no">>({});
  const current = candidates[index];

  const decide = (verdict: "yes" | "no") => {
    if (!current) return;
    setDecided((d) => ({ ...d, [current.faceId]: verdict }));
    if (verdict === "yes") onAccept(current.faceId);
    else onReject(current.faceId);
    setIndex((i) => Math.min(candidates.length, i + 1));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) =>
      dispatch(e, {
        y: () => decide("yes"),
        enter: () => decide("yes"),
        n: () => decide("no"),
        j: () => setIndex((i) => Math.min(candidates.length - 1, i + 1)),
        arrowright: () => setIndex((i) => Math.min(candidates.length - 1, i + 1)),
        k: () => setIndex((i) => Math.max(0, i - 1)),
        arrowleft: () => setIndex((i) => Math.max(0, i - 1)),
      });
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  return (
    <section class="review" aria-label={`Review: is this ${person}?`}>
      <h3>
        Is this {person}? <small>Y yes · N no · J/K move</small>
      </h3>
      {current ? (
        <p class="review-progress">
          {index + 1} of {candidates.length}, distance {current.distance.toFixed(2)}
        </p>
      ) : (
        <p class="review-progress">All {candidates.length} reviewed.</p>
      )}
      <div class="review-strip">
        {candidates.map((c, i) => (
          <button
            key={c.faceId}
            class={`crop${i === index ? " current" : ""}${decided[c.faceId] ? ` ${decided[c.faceId]}` : ""}`}
            onClick={() => setIndex(i)}
            aria-label={`Face ${c.faceId}${decided[c.faceId] ? `: ${decided[c.faceId]}` : ""}`}
          >
            <img src={c.cropUrl} alt="" loading="lazy" />
          </button>
        ))}
      </div>
    </section>
  );
}
