// Search: photos by the people in them (all of these, none of those, only these) and
// a date range; results as a photo grid; a photo opens in the viewer with its face
// boxes named, where clicking a face moves it to the person typed below.
import { useEffect, useState } from "preact/hooks";
import { NameInput } from "../components/NameInput";
import { PhotoViewer } from "../components/PhotoViewer";
import { VirtualGrid } from "../components/VirtualGrid";
import { api, errorMessage, toBox, type PhotoDetail, type PhotoMatch, type PhotoQuery } from "../lib/api";
import { photoUrl } from "../lib/images";
import { onLibraryChanged, recordEdit } from "../lib/session";
import { dispatch } from "../lib/shortcuts";

/** "Amy, Dan ,, " → ["Amy", "Dan"]. */
export function parseNames(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim().replace(/\s+/g, " "))
    .filter(Boolean);
}

export function buildQuery(form: { people: string; without: string; only: boolean; from: string; to: string }): PhotoQuery {
  return {
    people: parseNames(form.people),
    without: parseNames(form.without),
    only: form.only,
    from: form.from.trim() || null,
    to: form.to.trim() || null,
  };
}

/** Face id → the person it belongs to, from each person's confirmed and assigned faces. */
async function labelsOf(names: string[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const name of names) {
    for (const f of await api.groupFaces({ kind: "person", name })) if (f.status !== "suggested") out.set(f.face_id, name);
  }
  return out;
}

export function SearchView() {
  const [form, setForm] = useState({ people: "", without: "", only: false, from: "", to: "" });
  const [names, setNames] = useState<string[]>([]);
  const [hits, setHits] = useState<PhotoMatch[] | null>(null);
  const [photo, setPhoto] = useState<{ hit: PhotoMatch; detail: PhotoDetail; width: number; height: number; labels: Map<number, string> } | null>(null);
  const [target, setTarget] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = () => api.listPeople().then((l) => setNames(l.people.map((p) => p.name)), () => {});
    void load();
    return onLibraryChanged(() => void load());
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => dispatch(e, { escape: () => setPhoto(null) });
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const search = async () => {
    setError(null);
    try {
      setHits(await api.searchPhotos(buildQuery(form)));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const openPhoto = async (hit: PhotoMatch) => {
    try {
      const detail = await api.photoDetail(hit.photo_id);
      const img = new Image();
      img.src = photoUrl(hit.photo_id);
      await img.decode();
      setPhoto({ hit, detail, width: img.naturalWidth, height: img.naturalHeight, labels: await labelsOf(hit.people) });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  if (photo) {
    return (
      <>
        <div class="row">
          <button id="back-to-search" onClick={() => setPhoto(null)} title="Esc">
            ← Results
          </button>
          <span class="muted">
            {photo.detail.path} · {photo.hit.people.join(", ") || "nobody known"}
          </span>
        </div>
        <PhotoViewer
          src={photoUrl(photo.detail.id)}
          width={photo.width}
          height={photo.height}
          faces={photo.detail.faces.map((f) => ({ id: f.id, box: toBox(f.bbox), label: photo.labels.get(f.id) ?? null }))}
          onFaceClick={(id) => setTarget(id)}
          onDrawBox={() => setError("Adding a missed face needs a core function that stores a drawn face; this build does not have it.")}
        />
        {target !== null && (
          <div class="row">
            <span>Face {target} is</span>
            <NameInput
              names={names}
              initial={photo.labels.get(target) ?? ""}
              onSubmit={(name) =>
                void recordEdit(`move face to ${name}`, [() => api.moveFaces([target], name)], api.undoLast)
                  .then(() => openPhoto(photo.hit))
                  .then(() => setTarget(null))
                  .catch((e) => setError(errorMessage(e)))
              }
            />
          </div>
        )}
        {error && <p class="error">{error}</p>}
      </>
    );
  }

  const field = (key: "people" | "without" | "from" | "to", label: string, placeholder: string) => (
    <label>
      {label}
      <input id={`search-${key}`} list="search-names" value={form[key]} placeholder={placeholder} onInput={(e) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value })} />
    </label>
  );
  return (
    <div class="fill">
      <h2>Search {hits && <small class="muted" id="search-count">({hits.length} photos)</small>}</h2>
      <form
        class="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        {field("people", "With (all of)", "Amy, Dan")}
        {field("without", "Without", "")}
        <label>
          <span>
            <input type="checkbox" id="search-only" checked={form.only} onChange={(e) => setForm({ ...form, only: (e.target as HTMLInputElement).checked })} /> Only these
          </span>
        </label>
        {field("from", "From", "YYYY[-MM[-DD]]")}
        {field("to", "To", "YYYY[-MM[-DD]]")}
        <button id="search-run" type="submit">
          Search
        </button>
        <datalist id="search-names">
          {names.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      </form>
      {error && <p class="error">{error}</p>}
      {hits && hits.length === 0 && <p class="muted">No photo matches.</p>}
      {hits && hits.length > 0 && (
        <div class="fill photo-grid">
          <VirtualGrid
            label="Photos found"
            items={hits}
            cell={160}
            render={(h) => (
              <button class="photo" data-photo={h.photo_id} title={`${h.path ?? ""}${h.people.length ? ` · ${h.people.join(", ")}` : ""}`} onClick={() => void openPhoto(h)}>
                <img src={photoUrl(h.photo_id)} alt="" loading="lazy" />
              </button>
            )}
          />
        </div>
      )}
    </div>
  );
}
