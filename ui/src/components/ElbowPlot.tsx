// The elbow-cost plot of k-means: cost against k, the knee the core found marked,
// and a click on a point picks that k.
export interface ElbowPoint {
  k: number;
  cost: number;
}

interface Props {
  points: ElbowPoint[];
  knee: number | null;
  selected: number | null;
  onPick: (k: number) => void;
  width?: number;
  height?: number;
}

const PAD = 36;

export function plotCoords(points: ElbowPoint[], width: number, height: number) {
  if (points.length === 0) return [];
  const ks = points.map((p) => p.k);
  const cs = points.map((p) => p.cost);
  const [kmin, kmax] = [Math.min(...ks), Math.max(...ks)];
  const [cmin, cmax] = [Math.min(...cs), Math.max(...cs)];
  const sx = (k: number) => PAD + ((k - kmin) / Math.max(1, kmax - kmin)) * (width - 2 * PAD);
  const sy = (c: number) => height - PAD - ((c - cmin) / Math.max(1e-9, cmax - cmin)) * (height - 2 * PAD);
  return points.map((p) => ({ ...p, x: sx(p.k), y: sy(p.cost) }));
}

export function ElbowPlot({ points, knee, selected, onPick, width = 520, height = 260 }: Props) {
  const xy = plotCoords(points, width, height);
  const path = xy.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
  return (
    <svg class="elbow" viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Clustering cost against k">
      <line x1={PAD} y1={height - PAD} x2={width - PAD} y2={height - PAD} class="axis" />
      <line x1={PAD} y1={PAD} x2={PAD} y2={height - PAD} class="axis" />
      <text x={width / 2} y={height - 4} class="axis-label">k (number of people)</text>
      <text x={8} y={PAD - 12} class="axis-label">cost</text>
      <path d={path} class="elbow-line" />
      {xy.map((p) => (
        <g key={p.k} class={`elbow-point${p.k === knee ? " knee" : ""}${p.k === selected ? " selected" : ""}`}>
          <circle cx={p.x} cy={p.y} r={p.k === knee || p.k === selected ? 7 : 4} onClick={() => onPick(p.k)}>
            <title>{`k = ${p.k}, cost ${p.cost.toFixed(2)}`}</title>
          </circle>
          <text x={p.x} y={height - PAD + 14} class="tick">
            {p.k}
          </text>
          {p.k === knee && (
            <text x={p.x + 6} y={p.y - 16} class="knee-label">
              knee k={p.k}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}
