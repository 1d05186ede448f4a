// The answer to "are these two faces the same person?": both crops, their distance,
// the verdict at the cutoff, and how sure the confidence curve is about that verdict,
// with a gauge placing the distance against the cutoff.
import "./insight.css";
import { confidenceSourceText, fmt3 } from "./CalibrationTable";
import type { ComparisonView } from "./types";

interface Props {
  result: ComparisonView;
  cropUrl: (faceId: number) => string;
}

/** The gauge's distance scale runs from 0 to this. */
export const GAUGE_MAX = 1.2;

/** A distance as a percentage of the gauge width, clamped to [0, 100]. */
export function gaugePercent(distance: number, max = GAUGE_MAX): number {
  if (!Number.isFinite(distance)) return 100;
  return Math.min(100, Math.max(0, (distance / max) * 100));
}

export function verdictText(same: boolean): string {
  return same ? "Same person" : "Different people";
}

function Face({ id, cropUrl }: { id: number | null; cropUrl: (id: number) => string }) {
  return id === null ? (
    <div class="crop crop-large placeholder" aria-label="no face" />
  ) : (
    <div class="crop crop-large" data-face={id}>
      <img src={cropUrl(id)} alt="" loading="lazy" />
    </div>
  );
}

export function ComparisonResult({ result: r, cropUrl }: Props) {
  const cutPct = gaugePercent(r.cutoff);
  const distPct = gaugePercent(r.distance);
  return (
    <div class={`comparison ${r.same ? "same" : "different"}`} data-same={r.same ? "true" : "false"}>
      <div class="comparison-faces">
        <Face id={r.face_a} cropUrl={cropUrl} />
        <Face id={r.face_b} cropUrl={cropUrl} />
      </div>
      <p class="comparison-verdict">
        <strong class="verdict">{verdictText(r.same)}</strong>{" "}
        <span class="muted">
          at cutoff {fmt3(r.cutoff)}, distance <span class="comparison-distance">{fmt3(r.distance)}</span>
        </span>
      </p>
      <p class="comparison-confidence">
        how sure: <strong>{Math.round(r.confidence * 100)}%</strong>{" "}
        <span class="muted">(confidence curve {confidenceSourceText(r.confidence_source)})</span>
      </p>
      {r.confidence < 0.5 && (
        <p class="muted comparison-disagree">
          The cutoff and the calibration disagree here: the distance lies between the cutoff and the point where the
          curve gives even odds.
        </p>
      )}
      <div
        class="gauge"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={GAUGE_MAX}
        aria-valuenow={r.distance}
        aria-label={`Distance ${fmt3(r.distance)} against cutoff ${fmt3(r.cutoff)}`}
      >
        <div class="gauge-same" style={{ width: `${cutPct}%` }} />
        <div class="gauge-cutoff" style={{ left: `${cutPct}%` }} title={`cutoff ${fmt3(r.cutoff)}`} />
        <div class="gauge-value" style={{ left: `${distPct}%` }} title={`distance ${fmt3(r.distance)}`} />
      </div>
      <div class="gauge-scale muted">
        <span>0</span>
        <span>same ← cutoff → different</span>
        <span>{GAUGE_MAX.toFixed(1)}</span>
      </div>
    </div>
  );
}
