// How the matcher did on labelled faces at one cutoff: the metrics, then the worst
// mistakes of each kind as picture pairs, closest different-person pairs that were
// matched and farthest same-person pairs that were not.
import "./insight.css";
import { fmt3 } from "./CalibrationTable";
import type { VerificationView, WrongPairView } from "./types";

interface Props {
  report: VerificationView;
  cropUrl: (faceId: number) => string;
  /** Pairs shown per section before "+N more". */
  maxShown?: number;
}

export const DEFAULT_MAX_SHOWN = 24;

/** "accuracy 0.950 · precision 0.990 · recall – · F1 –". */
export function metricsText(r: VerificationView): string {
  return `accuracy ${fmt3(r.accuracy)} · precision ${fmt3(r.precision)} · recall ${fmt3(r.recall)} · F1 ${fmt3(r.f1)}`;
}

function Pairs({ kind, title, pairs, cropUrl, maxShown }: {
  kind: "fp" | "fn";
  title: string;
  pairs: WrongPairView[];
  cropUrl: (id: number) => string;
  maxShown: number;
}) {
  const shown = pairs.slice(0, maxShown);
  const more = pairs.length - shown.length;
  return (
    <section class={`wrong-pairs ${kind}`} data-kind={kind} aria-label={title}>
      <h4>
        {title} <span class="muted">({pairs.length})</span>
      </h4>
      {pairs.length === 0 ? (
        <p class="muted none">none</p>
      ) : (
        <ul class="pair-grid">
          {shown.map((p) => (
            <li key={`${p.face_a}-${p.face_b}`} class="wrong-pair" data-face-a={p.face_a} data-face-b={p.face_b}>
              <figure>
                <div class="crop crop-medium">
                  <img src={cropUrl(p.face_a)} alt="" loading="lazy" />
                </div>
                <figcaption>{p.identity_a}</figcaption>
              </figure>
              <figure>
                <div class="crop crop-medium">
                  <img src={cropUrl(p.face_b)} alt="" loading="lazy" />
                </div>
                <figcaption>{p.identity_b}</figcaption>
              </figure>
              <div class="pair-distance">distance {fmt3(p.distance)}</div>
            </li>
          ))}
        </ul>
      )}
      {more > 0 && <p class="more muted">+{more} more</p>}
    </section>
  );
}

export function VerificationPairs({ report: r, cropUrl, maxShown = DEFAULT_MAX_SHOWN }: Props) {
  return (
    <div class="verification">
      <p class="verification-metrics">
        At cutoff {fmt3(r.cutoff)} on {r.source} ({r.n_faces} faces): {metricsText(r)}
        <span class="muted">
          {" "}
          · TP {r.tp} · FP {r.fp} · FN {r.fn} · TN {r.tn}
        </span>
      </p>
      <Pairs
        kind="fp"
        title="Different people called the same (false positives)"
        pairs={r.false_positives}
        cropUrl={cropUrl}
        maxShown={maxShown}
      />
      <Pairs
        kind="fn"
        title="Same person called different (false negatives)"
        pairs={r.false_negatives}
        cropUrl={cropUrl}
        maxShown={maxShown}
      />
    </div>
  );
}
