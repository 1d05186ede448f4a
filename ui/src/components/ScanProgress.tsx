// Progress of a running scan: bar, counts, photos per second, time left, cancel.
import type { ScanProgress as Progress } from "../lib/api";
import { formatDuration, fractionDone } from "../lib/progress";

interface Props {
  progress: Progress | null;
  onCancel: () => void;
  cancelling: boolean;
}

export function ScanProgress({ progress, onCancel, cancelling }: Props) {
  const p = progress ?? { done: 0, total: 0, faces: 0, rate: 0, eta_seconds: null, current: null };
  const fraction = fractionDone(p.done, p.total);
  return (
    <div class="scanprogress" aria-live="polite">
      <div class="bar" role="progressbar" aria-valuemin={0} aria-valuemax={p.total} aria-valuenow={p.done}>
        <div style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <p>
        {progress ? (
          <>
            <strong>{p.done}</strong> of {p.total} photos · {p.faces} faces · {(p.rate ?? 0).toFixed(1)} photos/s ·{" "}
            {p.eta_seconds === null ? "estimating time left" : `about ${formatDuration(p.eta_seconds)} left`}
          </>
        ) : (
          "Looking for photos…"
        )}
      </p>
      {p.current && <p class="muted current-file">{p.current}</p>}
      <button id="cancel-scan" onClick={onCancel} disabled={cancelling}>
        {cancelling ? "Cancelling…" : "Cancel"}
      </button>
    </div>
  );
}
