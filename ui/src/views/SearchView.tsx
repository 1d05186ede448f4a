// Search: photos by the people in them (all of these, none of those, only these) and
// a date range, or by example (faces like a face of the library, or like the faces of
// a photo picked from anywhere); results as a photo grid; a photo opens in the shared
// photo page, where faces are corrected and missed faces drawn.
import { useEffect, useState } from "preact/hooks";
import { PhotoPage } from "../components/PhotoPage";
import { VirtualGrid } from "../components/VirtualGrid";
import { api, errorMessage, type LikeMatch, type PhotoMatch, type PhotoQuery } from "../lib/api";
import { cropUrl, photoUrl } from "../lib/images";
import { onLibraryChanged } from "../lib/session";
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

/** Faces farther than this from the example are hidden at first: dlib's cutoff. */
export const LIKE_CUTOFF = 0.6;

/** Like-search results grouped by photo (a photo once, at its closest face), nearest first. */
export function photosOfLike(hits: LikeMatch[]): LikeMatch[] {
  const best = new Map<number, LikeMatch>();
  for (const h of hits) {
    const b = best.get(h.photo_id);
    if (!b || (h.distance ?? Infinity) < (b.distance ?? Infinity)) best.set(h.photo_id, h);
  }
  return [...best.values()].sort((a, b) => (a.distance ?? Infinity) - (b.distance ?? Infinity));
}

export function SearchView() {
  const [form, setForm] = useState({ people: "", without: "", only: false, from: "", to: "" });
  const [names, setNames] = useState<string[]>([]);
  const [hits, setHits] = useState<PhotoMatch[] | null>(null);
  const [like, setLike] = useState<{ title: string; hits: LikeMatch[] } | null>(null);
  const [farther, setFarther] = useState(false);
  const [photo, setPhoto] = useState<number | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
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

  const run = async (what: string, f: () => Promise<void>) => {
    setError(null);
    setBusy(what);
    try {
      await f();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const search = () =>
    run("Searching…", async () => {
      setLike(null);
      setHits(await api.searchPhotos(buildQuery(form)));
    });
  const likeFace = (faceId: number) =>
    run("Looking for faces like this one…", async () => {
      const found = await api.searchLikeFace(faceId, 60);
      setLike({ title: `Faces like face ${faceId}`, hits: found });
      setFarther(false);
      setPhoto(null);
    });
  const likeFile = () =>
    run("Looking at the example photo…", async () => {
      const found = await api.searchLikeFile(30);
      if (found) {
        setLike({ title: "Faces like those in the example photo", hits: found });
        setFarther(false);
      }
    });

  if (photo !== null) {
    return <PhotoPage photoId={photo} names={names} onBack={() => setPhoto(null)} backLabel="Results" onFindLike={(id) => void likeFace(id)} />;
  }

  const field = (key: "people" | "without" | "from" | "to", label: string, placeholder: string) => (
    <label>
      {label}
      <input id={`search-${key}`} list="search-names" value={form[key]} placeholder={placeholder} onInput={(e) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value })} />
    </label>
  );
  const likeAll = like ? photosOfLike(like.hits) : [];
  const likePhotos = farther ? likeAll : likeAll.filter((h) => (h.distance ?? Infinity) < LIKE_CUTOFF);
  return (
    <div class="fill">
      <h2>
        Search {!like && hits && <small class="muted" id="search-count">({hits.length} photos)</small>}
        {like && (
          <small class="muted" id="like-count">
            ({like.title}: {likePhotos.length} photos{farther ? "" : ` closer than ${LIKE_CUTOFF.toFixed(2)}`})
          </small>
        )}
      </h2>
      <form
        class="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        {field("people", "With (all of)", "Amy, Dan")}
        {field("without", "Without", "")}
        <label title="Nobody else in the photo: no other person and no face of another group, named or not. Unknown faces, strangers, ignored and poor faces do not count.">
          <span>
            <input type="checkbox" id="search-only" checked={form.only} onChange={(e) => setForm({ ...form, only: (e.target as HTMLInputElement).checked })} /> Only these
          </span>
        </label>
        {field("from", "From", "YYYY[-MM[-DD]]")}
        {field("to", "To", "YYYY[-MM[-DD]]")}
        <button id="search-run" type="submit">
          Search
        </button>
        <button id="search-like-file" type="button" onClick={() => void likeFile()} title="Pick a photo (from anywhere) of the person to look for">
          By example photo…
        </button>
        <datalist id="search-names">
          {names.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      </form>
      {busy && <p class="muted">{busy}</p>}
      {error && <p class="error">{error}</p>}
      {like && likeAll.length > likePhotos.length && (
        <button id="like-farther" onClick={() => setFarther(true)}>
          Show {likeAll.length - likePhotos.length} farther photos too
        </button>
      )}
      {like && likePhotos.length === 0 && <p class="muted">No face of the library is that close.</p>}
      {like && (
        <div class="fill photo-grid like-results">
          <VirtualGrid
            label={like.title}
            items={likePhotos}
            cell={160}
            render={(h) => (
              <button class="photo like" data-photo={h.photo_id} title={`${h.path ?? ""} · distance ${(h.distance ?? 0).toFixed(3)}${h.person ? ` · ${h.person}` : ""}`} onClick={() => setPhoto(h.photo_id)}>
                <img src={cropUrl(h.face_id)} alt="" loading="lazy" />
                <span class="like-caption">
                  {(h.distance ?? 0).toFixed(2)}
                  {h.person ? ` · ${h.person}` : ""}
                </span>
              </button>
            )}
          />
        </div>
      )}
      {!like && hits && hits.length === 0 && <p class="muted">No photo matches.</p>}
      {!like && hits && hits.length > 0 && (
        <div class="fill photo-grid">
          <VirtualGrid
            label="Photos found"
            items={hits}
            cell={160}
            render={(h) => (
              <button class="photo" data-photo={h.photo_id} title={`${h.path ?? ""}${h.people.length ? ` · ${h.people.join(", ")}` : ""}`} onClick={() => setPhoto(h.photo_id)}>
                <img src={photoUrl(h.photo_id)} alt="" loading="lazy" />
              </button>
            )}
          />
        </div>
      )}
    </div>
  );
}
