// The shapes the backend sends to the Insight screen (calibration, missed matches,
// split proposals, comparisons, verification). Props only: these components never
// call the backend themselves. Numbers typed `| null` are undefined ratios (0/0).
export interface CutoffRow {
  cutoff: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number | null;
  recall: number | null;
  accuracy: number | null;
  f1: number | null;
}

export interface TargetCutoff {
  target_precision: number;
  cutoff: number;
  precision: number;
  recall: number;
}

export interface CalibrationView {
  /** e.g. "confirmed people" or "labels.csv". */
  source: string;
  n_faces: number;
  n_identities: number;
  n_same_pairs: number;
  n_different_pairs: number;
  /** Cutoffs 0.30..0.70 step 0.05, ascending. */
  rows: CutoffRow[];
  auc: number | null;
  /** Largest cutoff (over all distances) reaching the target precision. */
  target: TargetCutoff | null;
  /** Largest grid cutoff reaching it. */
  target_grid_cutoff: number | null;
  /** Distance where P(same person) = 0.5 in the fitted confidence curve. */
  midpoint: number;
  /** "fitted" or "lfw-default". */
  confidence_source: string;
}

export type GroupRef = { kind: "person"; name: string } | { kind: "cluster"; label: number };

export interface PathStep {
  face_id: number;
  link_distance: number;
}

export interface MissedMatchView {
  group: GroupRef;
  face_id: number;
  photo_id: number;
  current_group: GroupRef | null;
  hops: number;
  shortest_paths: number;
  bottleneck: number;
  /** From a face of the group (link_distance 0) to the suggested face (last step). */
  path: PathStep[];
  mean_distance: number;
}

export interface CutLink {
  a: number;
  b: number;
  distance: number;
}

export interface SplitView {
  group: GroupRef;
  part_a: number[];
  part_b: number[];
  unlinked: number[];
  cut_links: CutLink[];
  conductance: number;
  score: number;
  mean_distance_a: number;
  mean_distance_b: number;
  mean_distance_between: number;
}

export interface ComparisonView {
  distance: number;
  cutoff: number;
  same: boolean;
  p_same: number;
  confidence: number;
  confidence_source: string;
  face_a: number | null;
  face_b: number | null;
}

export interface WrongPairView {
  face_a: number;
  identity_a: string;
  face_b: number;
  identity_b: string;
  distance: number;
}

export interface VerificationView {
  source: string;
  cutoff: number;
  n_faces: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  false_positives: WrongPairView[];
  false_negatives: WrongPairView[];
}

/** What the Insight screen's suggestion list gets from the backend. */
export interface SuggestionsLike {
  cutoff: number;
  faces: number;
  links: number;
  missed: MissedMatchView[];
  splits: SplitView[];
}
