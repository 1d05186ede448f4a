// Every face of the library as a virtualised grid of crops (smooth with 20,000
// faces); a click opens the photo it comes from, where faces are corrected and
// missed faces drawn. The photos where no face was found are one click away: that is
// where a face the detector missed is most likely to be.
import { useEffect, useState } from "preact/hooks";
import { PhotoPage } from "../components/PhotoPage";
import { VirtualGrid } from "../components/VirtualGrid";
import { api, errorMessage, type FaceSummary, type FacelessPhoto } from "../lib/api";
import { cropUrl, photoUrl } from "../lib/images";
import { onLibraryChanged } from "../lib/session";
import { dispatch } from "../lib/shortcuts";

export function FacesView() {
  const [faces, setFaces] = useState<FaceSummary[] | null>(null);
  const [faceless, setFaceless] = useState<FacelessPhoto[]>([]);
  const [showFaceless, setShowFaceless] = useState(false);
  const [names, setNames] = useState<string[]>([]);
  const [photo, setPhoto] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = () => {
      api.listFaces().then(setFaces).catch((e) => setError(errorMessage(e)));
      api.photosWithoutFaces().then(setFaceless, () => {});
      api.listPeople().then((l) => setNames(l.people.map((p) => p.name)), () => {});
    };
    load();
    // A face drawn by hand (or undone) changes the grid.
    return onLibraryChanged(load);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => dispatch(e, { escape: () => setPhoto(null) });
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  if (photo !== null) return <PhotoPage photoId={photo} names={names} onBack={() => setPhoto(null)} backLabel="All faces" />;

  return (
    <div class="fill">
      <div class="row">
        <h2>Faces {faces && <small class="muted">({faces.length})</small>}</h2>
        {faceless.length > 0 && (
          <button id="show-faceless" aria-pressed={showFaceless} onClick={() => setShowFaceless(!showFaceless)}>
            {showFaceless ? "All faces" : `Photos with no face found (${faceless.length})`}
          </button>
        )}
      </div>
      {error && <p class="error">{error}</p>}
      {showFaceless && (
        <>
          <p class="muted">Open a photo and drag a box around a face the detector missed.</p>
          <div class="fill photo-grid">
            <VirtualGrid
              label="Photos with no face found"
              items={faceless}
              cell={160}
              render={(p) => (
                <button class="photo" data-photo={p.photo_id} title={p.path} onClick={() => setPhoto(p.photo_id)}>
                  <img src={photoUrl(p.photo_id)} alt="" loading="lazy" />
                </button>
              )}
            />
          </div>
        </>
      )}
      {!showFaceless && faces && faces.length === 0 && <p class="muted">No faces yet: scan a folder in Library.</p>}
      {!showFaceless && faces && faces.length > 0 && (
        <VirtualGrid
          label="Faces"
          items={faces}
          cell={112}
          render={(f) => (
            <button class={`crop${f.manual ? " manual" : ""}`} data-face={f.id} onClick={() => setPhoto(f.photo_id)} title={`Face ${f.id} in photo ${f.photo_id}`}>
              <img src={cropUrl(f.id)} alt="" loading="lazy" />
            </button>
          )}
        />
      )}
    </div>
  );
}
