// Every face of the library as a virtualised grid of crops (smooth with 20,000
// faces); a click opens the photo it comes from with all its face boxes.
import { useEffect, useState } from "preact/hooks";
import { PhotoViewer } from "../components/PhotoViewer";
import { VirtualGrid } from "../components/VirtualGrid";
import { api, errorMessage, toBox, type FaceSummary, type PhotoDetail } from "../lib/api";
import { cropUrl, photoUrl } from "../lib/images";
import { dispatch } from "../lib/shortcuts";

export function FacesView() {
  const [faces, setFaces] = useState<FaceSummary[] | null>(null);
  const [photo, setPhoto] = useState<{ detail: PhotoDetail; width: number; height: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.listFaces().then(setFaces).catch((e) => setError(errorMessage(e)));
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => dispatch(e, { escape: () => setPhoto(null) });
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const openPhoto = async (photoId: number) => {
    try {
      const detail = await api.photoDetail(photoId);
      // The natural size comes from the image itself (the boxes are in its pixels).
      const img = new Image();
      img.src = photoUrl(photoId);
      await img.decode();
      setPhoto({ detail, width: img.naturalWidth, height: img.naturalHeight });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  if (photo) {
    return (
      <>
        <div class="row">
          <button id="back-to-faces" onClick={() => setPhoto(null)} title="Esc">
            ← All faces
          </button>
          <span class="muted">
            {photo.detail.path} · {photo.detail.faces.length} faces
          </span>
        </div>
        <PhotoViewer
          src={photoUrl(photo.detail.id)}
          width={photo.width}
          height={photo.height}
          faces={photo.detail.faces.map((f) => ({ id: f.id, box: toBox(f.bbox), label: null }))}
          onFaceClick={() => setError("Naming faces needs the people layer of the core, which this build does not have yet.")}
          onDrawBox={() => setError("Adding a missed face needs a core function to store it, which this build does not have yet.")}
        />
        {error && <p class="error">{error}</p>}
      </>
    );
  }

  return (
    <div class="fill">
      <h2>Faces {faces && <small class="muted">({faces.length})</small>}</h2>
      {error && <p class="error">{error}</p>}
      {faces && faces.length === 0 && <p class="muted">No faces yet: scan a folder in Library.</p>}
      {faces && faces.length > 0 && (
        <VirtualGrid
          label="Faces"
          items={faces}
          cell={112}
          render={(f) => (
            <button class="crop" data-face={f.id} onClick={() => void openPhoto(f.photo_id)} title={`Face ${f.id} in photo ${f.photo_id}`}>
              <img src={cropUrl(f.id)} alt="" loading="lazy" />
            </button>
          )}
        />
      )}
    </div>
  );
}
