// Test data shared by the Insight component tests (shapes of types.ts).
import type { CalibrationView, CutoffRow } from "./types";

export const cropUrl = (id: number) => `kindred://localhost/crop/${id}`;

export function row(cutoff: number, precision: number | null, recall: number | null, f1: number | null = null): CutoffRow {
  return { cutoff, tp: Math.round(cutoff * 100), fp: 3, tn: 900, fn: 7, precision, recall, accuracy: 0.9, f1 };
}

// f32 cutoffs widened to f64, as serde_json sends them.
const f32 = (x: number) => Math.fround(x);

export const rows: CutoffRow[] = [
  row(f32(0.3), null, 0, null),
  row(f32(0.35), 1, 0.1, 0.18),
  row(f32(0.4), 1, 0.3, 0.46),
  row(f32(0.45), 0.98, 0.6, 0.74),
  row(f32(0.5), 0.91, 0.84, 0.87),
  row(f32(0.55), 0.71, 0.96, 0.82),
  row(f32(0.6), 0.34, 0.99, 0.51),
  row(f32(0.65), 0.2, 1, 0.33),
  row(f32(0.7), 0.1, 1, 0.18),
];

export const calibration: CalibrationView = {
  source: "confirmed people",
  n_faces: 120,
  n_identities: 9,
  n_same_pairs: 800,
  n_different_pairs: 6340,
  rows,
  auc: 0.9871,
  target: { target_precision: 0.95, cutoff: f32(0.4731), precision: 0.951, recall: 0.68 },
  target_grid_cutoff: f32(0.45),
  midpoint: 0.5312,
  confidence_source: "fitted",
};
