// One photo with its faces, shared by every view that opens a photo: boxes named with
// who each face is, a click on a face to correct it (this is…, not this person,
// stranger, ignore, faces like this one), and a box dragged on an empty area to add a
// face the detector missed. Every change is one undoable edit of the core.
import { useEffect, useState } from "preact/hooks";
import { api, errorMessage, toBox, type PhotoDetail, type PhotoFace } from "../lib/api";
import { photoUrl } from "../lib/images";
import { onLibraryChanged, recordEdit } from "../lib/session";
import { NameInput } from "./NameInput";
import { PhotoViewer, type Box, type ViewerFace } from "./PhotoViewer";

interface Props {
  photoId: number;
  names: string[];
  onBack: () => void;
  backLabel: string;
  /** Show the faces most like this one (the Search view's "faces like this"). */
  onFindLike?: (faceId: number) => void;
}

/** What a face box says: the person (with "?" for a suggestion), or the mark. */
export function faceLabel(f: PhotoFace): string | null {
  switch (f.status) {
    case "confirmed":
    case "assigned":
      return f.person;
    case "suggested":
      return f.person ? `${f.person}?` : null;
    case "stranger":
      return "stranger";
    case "ignored":
      return "ignored";
    default:
      return null;
  }
}

export function viewerFaces(detail: PhotoDetail): ViewerFace[] {
  return detail.faces.map((f) => ({
    id: f.face.id,
    box: toBox(f.face.bbox),
    label: faceLabel(f),
    kind: [f.status === "suggested" || f.status === "stranger" || f.status === "ignored" ? f.status : "", f.face.manual ? "manual" : ""].filter(Boolean).join(" ") || undefined,
  }));
}

/** The photo's detail and natural size (the boxes are in its pixels). */
async function loadPhoto(photoId: number): Promise<{ detail: PhotoDetail; width: number; height: number }> {
  const detail = await api.photoDetail(photoId);
  const img = new Image();
  img.src = photoUrl(photoId);
  await img.decode();
  return { detail, width: img.naturalWidth, height: img.naturalHeight };
}

export function PhotoPage({ photoId, names, onBack, backLabel, onFindLike }: Props) {
  const [photo, setPhoto] = useState<{ detail: PhotoDetail; width: number; height: number } | null>(null);
  const [target, setTarget] = useState<number | null>(null);
  const [drawn, setDrawn] = useState<Box | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = () =>
    loadPhoto(photoId)
      .then((p) => {
        setPhoto(p);
        setError(null);
      })
      .catch((e) => setError(errorMessage(e)));
  useEffect(() => {
    setTarget(null);
    setDrawn(null);
    void reload();
    return onLibraryChanged(() => void reload());
  }, [photoId]);

  const edit = async (what: string, f: () => Promise<unknown>) => {
    setBusy(what);
    setError(null);
    try {
      await recordEdit([f]);
      setTarget(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const addFace = (name: string | null) =>
    edit("Describing the new face…", async () => {
      if (!drawn) return;
      await api.drawFace(photoId, drawn, name);
      setDrawn(null);
    });

  const face = photo?.detail.faces.find((f) => f.face.id === target) ?? null;
  const who = face && (face.status === "confirmed" || face.status === "assigned") ? face.person : null;
  const suggested = face && face.status === "suggested" ? face.person : null;
  return (
    <div class="photo-page">
      <div class="row">
        <button class="back" onClick={onBack} title="Esc">
          ← {backLabel}
        </button>
        <span class="muted" id="photo-path">
          {photo ? `${photo.detail.path} · ${photo.detail.faces.length} ${photo.detail.faces.length === 1 ? "face" : "faces"}` : "Loading…"}
        </span>
        <span class="muted hint">Click a face to correct it; drag around a face that has no box to add it.</span>
      </div>
      {photo && (
        <PhotoViewer
          src={photoUrl(photoId)}
          width={photo.width}
          height={photo.height}
          faces={viewerFaces(photo.detail)}
          selected={target}
          pending={drawn}
          onFaceClick={(id) => {
            setDrawn(null);
            setTarget(id);
          }}
          onDrawBox={(b) => {
            setTarget(null);
            setDrawn(b);
          }}
        />
      )}
      {face && (
        <div class="row correction-bar" id="face-correction">
          <span>
            Face {face.face.id}
            {who ? ` is ${who}` : suggested ? ` may be ${suggested}` : face.status === "unknown" ? " is unknown" : ` is marked ${face.status}`}.
          </span>
          <NameInput key={face.face.id} names={names} initial={who ?? suggested ?? ""} placeholder="This is…" onSubmit={(name) => void edit(`This is ${name}`, () => api.moveFaces([face.face.id], name))} />
          {who && (
            <button class="not-person" onClick={() => void edit(`Not ${who}`, () => api.rejectFaces([face.face.id], who))}>
              Not {who}
            </button>
          )}
          {suggested && (
            <button class="not-person" onClick={() => void edit(`Not ${suggested}`, () => api.rejectSuggestions([face.face.id]))}>
              Not {suggested}
            </button>
          )}
          {face.status !== "stranger" && <button onClick={() => void edit("Stranger", () => api.markFaces([face.face.id], "stranger"))}>Stranger</button>}
          {face.status !== "ignored" && <button onClick={() => void edit("Ignore", () => api.markFaces([face.face.id], "ignored"))}>Ignore</button>}
          {(face.status === "stranger" || face.status === "ignored") && <button onClick={() => void edit("Forget", () => api.forgetFaces([face.face.id]))}>Not {face.status}</button>}
          {onFindLike && (
            <button class="find-like" onClick={() => onFindLike(face.face.id)}>
              Faces like this
            </button>
          )}
          <button onClick={() => setTarget(null)}>Close</button>
        </div>
      )}
      {drawn && (
        <div class="row correction-bar" id="draw-bar">
          <span>New face (Enter adds it):</span>
          <NameInput names={names} placeholder="Who is it? (optional)" onSubmit={(name) => void addFace(name)} />
          <button class="primary" id="add-drawn-face" disabled={!!busy} onClick={() => void addFace(null)}>
            Add face
          </button>
          <button onClick={() => setDrawn(null)}>Cancel</button>
        </div>
      )}
      {busy && <p class="muted">{busy}</p>}
      {error && <p class="error">{error}</p>}
    </div>
  );
}
