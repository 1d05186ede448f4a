// Every face of the library as a virtualised grid of crops (smooth with 20,000
// faces); a click opens the photo it comes from, where faces are corrected and
// missed faces drawn.
import { useEffect, useState } from "preact/hooks";
import { PhotoPage } from "../components/PhotoPage";
import { VirtualGrid } from "../components/VirtualGrid";
import { api, errorMessage, type FaceSummary } from "../lib/api";
import { cropUrl } from "../lib/images";
import { onLibraryChanged } from "../lib/session";
import { dispatch } from "../lib/shortcuts";

export function FacesView() {
  const [faces, setFaces] = useState<FaceSummary[] | null>(null);
  const [names, setNames] = useState<string[]>([]);
  const [photo, setPhoto] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = () => {
      api.listFaces().then(setFaces).catch((e) => setError(errorMessage(e)));
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
      <h2>Faces {faces && <small class="muted">({faces.length})</small>}</h2>
      {error && <p class="error">{error}</p>}
      {faces && faces.length === 0 && <p class="muted">No faces yet: scan a folder in Library.</p>}
      {faces && faces.length > 0 && (
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
