// Progress of a running scan: bar, counts, photos per second, time left, cancel.
import { formatDuration, type RateEstimate } from "../lib/progress";

interface Props {
  stage: string;
  done: number;
  total: number;
  faces: number;
  estimate: RateEstimate;
  current?: string | null;
  onCancel: () => void;
  cancelling: boolean;
}

export function ScanProgress({ stage, done, total, faces, estimate, current, onCancel, cancelling }: Props) {
  return (
    <div class="scanprogress" aria-live="polite">
      <div class="bar" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
        <div style={{ width: `${(estimate.fraction * 100).toFixed(1)}%` }} />
      </div>
      <p>
        <strong>{stage}</strong> {done} / {total} photos · {faces} faces · {estimate.rate.toFixed(1)} photos/s · about{" "}
        {formatDuration(estimate.etaSeconds)} left
      </p>
      {current && <p class="muted current-file">{current}</p>}
      <button onClick={onCancel} disabled={cancelling}>
        {cancelling ? "Cancelling…" : "Cancel"}
      </button>
    </div>
  );
}
