// Precision, recall and F1 against the matching cutoff (0.30–0.70), with the cutoff
// reaching the target precision and the cutoff in use marked. An undefined value
// (no pair matched, so no precision) leaves a gap in its line instead of a fake 0.
import "./insight.css";
import type { CutoffRow } from "./types";

export type Metric = "precision" | "recall" | "f1";

export const METRICS: { key: Metric; label: string }[] = [
  { key: "precision", label: "precision" },
  { key: "recall", label: "recall" },
  { key: "f1", label: "F1" },
];

export const X_MIN = 0.3;
export const X_MAX = 0.7;
const PAD = { left: 40, right: 16, top: 28, bottom: 36 };

/** Pixel scales: cutoff 0.30..0.70 left to right, value 0 at the bottom and 1 at the top. */
export function plotScales(width: number, height: number) {
  return {
    x: (c: number) => PAD.left + ((c - X_MIN) / (X_MAX - X_MIN)) * (width - PAD.left - PAD.right),
    y: (v: number) => height - PAD.bottom - v * (height - PAD.top - PAD.bottom),
  };
}

export interface PlotPoint {
  cutoff: number;
  value: number;
  x: number;
  y: number;
}

/** One metric's points in row order; `null` where the value is undefined. */
export function plotCoords(rows: CutoffRow[], metric: Metric, width: number, height: number): (PlotPoint | null)[] {
  const s = plotScales(width, height);
  return rows.map((r) => {
    const v = r[metric];
    return v === null || !Number.isFinite(v) ? null : { cutoff: r.cutoff, value: v, x: s.x(r.cutoff), y: s.y(v) };
  });
}

/** An SVG path through the points, starting a new subpath ("M") after each gap. */
export function segmentPath(points: (PlotPoint | null)[]): string {
  const parts: string[] = [];
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`);
    pen = true;
  }
  return parts.join(" ");
}

interface Props {
  rows: CutoffRow[];
  /** The cutoff reaching the target precision (dashed marker, labelled). */
  target?: number | null;
  /** The cutoff in use (dashed marker, labelled "in use"). */
  cutoff?: number;
  width?: number;
  height?: number;
}

const inRange = (c: number | null | undefined): c is number => c != null && c >= X_MIN - 1e-9 && c <= X_MAX + 1e-9;

export function CalibrationPlot({ rows, target, cutoff, width = 520, height = 280 }: Props) {
  const s = plotScales(width, height);
  const [x0, x1] = [s.x(X_MIN), s.x(X_MAX)];
  const [yBottom, yTop] = [s.y(0), s.y(1)];
  const yTicks = [0, 0.25, 0.5, 0.75, 1];
  const xTicks = Array.from({ length: 9 }, (_, i) => X_MIN + i * 0.05);
  return (
    <svg
      class="calib-plot"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label="Precision, recall and F1 against the matching cutoff"
    >
      {yTicks.map((v) => (
        <g key={`y${v}`} class="ytick">
          <line x1={x0} y1={s.y(v)} x2={x1} y2={s.y(v)} class="grid" />
          <text x={x0 - 6} y={s.y(v) + 3} class="tick tick-y">
            {v.toFixed(2)}
          </text>
        </g>
      ))}
      {xTicks.map((c) => (
        <text key={`x${c.toFixed(2)}`} x={s.x(c)} y={yBottom + 14} class="tick tick-x">
          {c.toFixed(2)}
        </text>
      ))}
      <line x1={x0} y1={yBottom} x2={x1} y2={yBottom} class="axis" />
      <line x1={x0} y1={yTop} x2={x0} y2={yBottom} class="axis" />
      <text x={(x0 + x1) / 2} y={height - 4} class="axis-label">
        cutoff (distance)
      </text>
      {inRange(target) && (
        <g class="marker target">
          <line x1={s.x(target)} y1={yTop} x2={s.x(target)} y2={yBottom} />
          <text x={s.x(target) + 4} y={yTop + 10}>
            target {target.toFixed(3)}
          </text>
        </g>
      )}
      {inRange(cutoff) && (
        <g class="marker in-use">
          <line x1={s.x(cutoff)} y1={yTop} x2={s.x(cutoff)} y2={yBottom} />
          <text x={s.x(cutoff) + 4} y={yTop + 24}>
            in use
          </text>
        </g>
      )}
      {METRICS.map(({ key, label }) => {
        const pts = plotCoords(rows, key, width, height);
        return (
          <g key={key} class={`series ${key}`} data-metric={key}>
            <path d={segmentPath(pts)} class="line" />
            {pts.map(
              (p) =>
                p && (
                  <circle key={p.cutoff} cx={p.x} cy={p.y} r={3}>
                    <title>{`${label} ${p.value.toFixed(3)} at cutoff ${p.cutoff.toFixed(2)}`}</title>
                  </circle>
                ),
            )}
          </g>
        );
      })}
      <g class="legend">
        {METRICS.map(({ key, label }, i) => {
          const lx = x0 + i * 90;
          return (
            <g key={key} class={`series ${key}`}>
              <line x1={lx} y1={12} x2={lx + 18} y2={12} class="line" />
              <text x={lx + 22} y={15}>
                {label}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
