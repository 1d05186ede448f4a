// The one typed door to the backend: wraps the generated bindings so that views get
// plain values and a thrown `ApiError { code, message }` instead of result objects.
import { Channel } from "@tauri-apps/api/core";
import { commands, type Bucket, type ClusterParams, type FaceBox, type Group, type IpcError, type Labels, type MarkKind, type PhotoQuery, type ScanProgress } from "./bindings";

export * from "./bindings";

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Res<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

/** Returns the data of an ok result and throws ApiError otherwise. */
export async function unwrap<T>(p: Promise<Res<T>>): Promise<T> {
  const r = await p;
  if (r.status === "ok") return r.data;
  throw new ApiError(r.error.code, r.error.message);
}

/** A message for any error thrown by the API or the Tauri runtime. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** A face box with plain numbers (floats cross IPC typed as nullable: NaN becomes null). */
export function toBox(b: FaceBox): { left: number; top: number; right: number; bottom: number } {
  return { left: b.left ?? 0, top: b.top ?? 0, right: b.right ?? 0, bottom: b.bottom ?? 0 };
}

export const api = {
  appInfo: () => unwrap(commands.appInfo()),
  cancelJob: () => commands.cancelJob(),
  clusterFaces: (params: ClusterParams) => unwrap(commands.clusterFaces(params)),
  elbowPlot: (kmin: number, kmax: number) => unwrap(commands.elbowPlot(kmin, kmax)),
  libraryCounts: () => unwrap(commands.libraryCounts()),
  listFaces: () => unwrap(commands.listFaces()),
  photoDetail: (photoId: number) => unwrap(commands.photoDetail(photoId)),
  photosWithoutFaces: () => unwrap(commands.photosWithoutFaces()),
  skippedFiles: () => unwrap(commands.skippedFiles()),
  recluster: (params: ClusterParams) => unwrap(commands.recluster(params)),
  listPeople: () => unwrap(commands.listPeople()),
  groupFaces: (group: Group) => unwrap(commands.groupFaces(group)),
  nameClusters: (labels: number[], name: string) => unwrap(commands.nameClusters(labels, name)),
  renamePerson: (old: string, name: string) => unwrap(commands.renamePerson(old, name)),
  mergePeople: (into: string, from: string[]) => unwrap(commands.mergePeople(into, from)),
  mergeGroups: (into: string, labels: number[], people: string[]) => unwrap(commands.mergeGroups(into, labels, people)),
  bucketFaces: (bucket: Bucket) => unwrap(commands.bucketFaces(bucket)),
  forgetFaces: (faces: number[]) => unwrap(commands.forgetFaces(faces)),
  editHistory: (limit: number) => unwrap(commands.editHistory(limit)),
  drawFace: (photoId: number, bbox: FaceBox, name: string | null) => unwrap(commands.drawFace(photoId, bbox, name)),
  moveFaces: (faces: number[], name: string) => unwrap(commands.moveFaces(faces, name)),
  rejectFaces: (faces: number[], name: string) => unwrap(commands.rejectFaces(faces, name)),
  markFaces: (faces: number[], kind: MarkKind) => unwrap(commands.markFaces(faces, kind)),
  splitFaces: (faces: number[], name: string | null) => unwrap(commands.splitFaces(faces, name)),
  acceptSuggestions: (faces: number[]) => unwrap(commands.acceptSuggestions(faces)),
  rejectSuggestions: (faces: number[]) => unwrap(commands.rejectSuggestions(faces)),
  reviewQueue: (name: string, limit: number) => unwrap(commands.reviewQueue(name, limit)),
  undoLast: () => unwrap(commands.undoLast()),
  exportXmpSidecars: () => unwrap(commands.exportXmpSidecars()),
  importXmpRegions: () => unwrap(commands.importXmpRegions()),
  searchPhotos: (query: PhotoQuery) => unwrap(commands.searchPhotos(query)),
  searchLikeFace: (faceId: number, limit: number) => unwrap(commands.searchLikeFace(faceId, limit)),
  /** Opens the native dialog for an example photo; null when cancelled. */
  searchLikeFile: (limit: number) => unwrap(commands.searchLikeFile(limit)),
  /** Opens the native dialog for a labels CSV; its file name, or null when cancelled. */
  chooseLabelsFile: () => unwrap(commands.chooseLabelsFile()),
  calibration: (labels: Labels, targetPrecision: number) => unwrap(commands.calibration(labels, targetPrecision)),
  graphSuggestions: (cutoff: number, maxHops: number, limit: number) => unwrap(commands.graphSuggestions(cutoff, maxHops, limit)),
  keepTogether: (sideA: number[], sideB: number[]) => unwrap(commands.keepTogether(sideA, sideB)),
  compareFaces: (a: number, b: number, cutoff: number) => unwrap(commands.compareFaces(a, b, cutoff)),
  /** Opens the native dialog for two photo files; null when cancelled. */
  comparePhotoFiles: (cutoff: number) => unwrap(commands.comparePhotoFiles(cutoff)),
  verification: (labels: Labels, cutoff: number, maxPairs: number) => unwrap(commands.verification(labels, cutoff, maxPairs)),
  /** Opens the native save dialog and writes the HTML report; the path, or null. */
  saveVerificationReport: (labels: Labels, cutoff: number, maxPairs: number) => unwrap(commands.saveVerificationReport(labels, cutoff, maxPairs)),
  /** Scans `folders`; `onProgress` gets a report after every committed batch. */
  scanFolders: (folders: string[], onProgress: (p: ScanProgress) => void) => {
    const channel = new Channel<ScanProgress>();
    channel.onmessage = onProgress;
    return unwrap(commands.scanFolders(folders, channel));
  },
};
