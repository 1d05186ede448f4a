// The calibration table of the Insight screen: precision, recall, accuracy and F1 of
// the labelled pairs at each grid cutoff, the row reaching the target precision and
// the cutoff in use marked, and a summary of what the numbers rest on.
import "./insight.css";
import type { CalibrationView } from "./types";

interface Props {
  calibration: CalibrationView;
  /** The library's current matching cutoff; its row is highlighted. */
  cutoff?: number;
  /** Shown in "no cutoff reaches precision X" when `calibration.target` is null. */
  targetPrecision?: number;
}

/** A ratio to 3 decimals, "–" when undefined (null, NaN or infinite). */
export function fmt3(v: number | null): string {
  return v === null || !Number.isFinite(v) ? "–" : v.toFixed(3);
}

/** Cutoffs arrive as f32 widened to f64 (0.550000011920929): equal to 4 decimals. */
export function sameCutoff(a: number | null | undefined, b: number | null | undefined): boolean {
  return a != null && b != null && Math.abs(a - b) < 5e-5;
}

/** "fitted on your labels" or "from the published LFW figures". */
export function confidenceSourceText(source: string): string {
  return source === "fitted" ? "fitted on your labels" : "from the published LFW figures";
}

/** The sentence about the target precision. */
export function targetText(c: CalibrationView, targetPrecision?: number): string {
  if (c.target) {
    const t = c.target;
    return `largest cutoff with precision ≥ ${fmt3(t.target_precision)}: ${fmt3(t.cutoff)} (recall ${fmt3(t.recall)})`;
  }
  return targetPrecision != null
    ? `no cutoff reaches precision ${fmt3(targetPrecision)}`
    : "no cutoff reaches the target precision";
}

export function CalibrationTable({ calibration: c, cutoff, targetPrecision }: Props) {
  return (
    <div class="calibration">
      <table class="calib-table">
        <caption class="muted">Measured on {c.source}</caption>
        <thead>
          <tr>
            <th scope="col">cutoff</th>
            <th scope="col">precision</th>
            <th scope="col">recall</th>
            <th scope="col">accuracy</th>
            <th scope="col">F1</th>
            <th scope="col" title="same person, matched">TP</th>
            <th scope="col" title="different people, matched">FP</th>
            <th scope="col" title="same person, not matched">FN</th>
            <th scope="col" title="different people, not matched">TN</th>
          </tr>
        </thead>
        <tbody>
          {c.rows.map((r) => {
            const isTarget = sameCutoff(r.cutoff, c.target_grid_cutoff);
            const isCurrent = sameCutoff(r.cutoff, cutoff);
            return (
              <tr
                key={r.cutoff}
                class={`${isTarget ? "target" : ""}${isCurrent ? " current" : ""}`.trim() || undefined}
                data-cutoff={r.cutoff.toFixed(2)}
                aria-current={isCurrent ? "true" : undefined}
              >
                <th scope="row">
                  {r.cutoff.toFixed(2)}
                  {isTarget && <span class="badge target-badge">target</span>}
                  {isCurrent && <span class="badge current-badge">in use</span>}
                </th>
                <td>{fmt3(r.precision)}</td>
                <td>{fmt3(r.recall)}</td>
                <td>{fmt3(r.accuracy)}</td>
                <td>{fmt3(r.f1)}</td>
                <td>{r.tp}</td>
                <td>{r.fp}</td>
                <td>{r.fn}</td>
                <td>{r.tn}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="calib-summary">
        <span>
          {c.n_faces} faces, {c.n_identities} identities, {c.n_same_pairs} same-person pairs,{" "}
          {c.n_different_pairs} different-person pairs, ROC AUC {fmt3(c.auc)}.
        </span>{" "}
        <span class="calib-target">{targetText(c, targetPrecision)}.</span>{" "}
        <span class="calib-midpoint">
          P(same) = 0.5 at distance {fmt3(c.midpoint)} ({confidenceSourceText(c.confidence_source)}).
        </span>
      </p>
    </div>
  );
}
