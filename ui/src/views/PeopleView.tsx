// People: the stored clustering as cards (named people first, then unnamed clusters
// largest first, then the unknown / stranger bucket). Cards can be selected and merged;
// a card opens its faces, where the user names, renames, moves, rejects, marks, splits
// and reviews. Every edit is one core action that Ctrl+Z reverses.
import { useEffect, useState } from "preact/hooks";
import { NameInput } from "../components/NameInput";
import { ReviewQueue } from "../components/ReviewQueue";
import { VirtualGrid } from "../components/VirtualGrid";
import { api, errorMessage, type EditResult, type FaceItem, type PeopleList, type ReviewFace } from "../lib/api";
import { cropUrl } from "../lib/images";
import { currentClustering, describeClustering, libraryChanged, onLibraryChanged, recordEdit } from "../lib/session";
import { dispatch } from "../lib/shortcuts";

export interface Card {
  key: string;
  title: string;
  size: number;
  sample: number[];
  /** A named person's name. */
  person?: string;
  /** An unnamed cluster's label. */
  label?: number;
  /** The bucket of faces in no group. */
  bucket?: boolean;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Cards in display order: people (largest first), clusters (as listed), the bucket. */
export function cards(list: PeopleList): Card[] {
  const people: Card[] = [...list.people]
    .sort((a, b) => b.size - a.size || a.name.localeCompare(b.name))
    .map((p) => ({ key: `p:${p.name}`, title: p.name, size: p.size, sample: p.sample, person: p.name }));
  const clusters: Card[] = list.clusters.map((c, i) => ({ key: `c${c.label}`, title: `Unnamed ${i + 1}`, size: c.size, sample: c.sample, label: c.label }));
  const outside = list.unknown + list.strangers + list.ignored;
  const bucket: Card[] = outside ? [{ key: "bucket", title: "Unknown", size: outside, sample: [], bucket: true }] : [];
  return [...people, ...clusters, ...bucket];
}

/**
 * The core calls that merge the selected cards into one person called `into`: the
 * clusters are named `into`, then the other people are merged into it.
 */
export function mergePlan(selected: Card[], into: string): { clusters: number[]; people: string[] } {
  return {
    clusters: selected.filter((c) => c.label !== undefined).map((c) => c.label as number),
    people: selected.filter((c) => c.person !== undefined && c.person !== into).map((c) => c.person as string),
  };
}

/** What the user reads after an edit: faces changed and faces the core left alone. */
export function describeEdit(what: string, results: EditResult[]): string {
  const changed = results.reduce((n, r) => n + r.changed, 0);
  const skipped = results.flatMap((r) => r.skipped);
  return `${what}: ${changed} faces${skipped.length ? `, ${skipped.length} left alone (${skipped[0]})` : ""}`;
}

async function merge(selected: Card[], into: string): Promise<string> {
  const plan = mergePlan(selected, into);
  const edits: Array<() => Promise<EditResult>> = [];
  if (plan.clusters.length) edits.push(() => api.nameClusters(plan.clusters, into));
  if (plan.people.length) edits.push(() => api.mergePeople(into, plan.people));
  return describeEdit(`Merged into ${into}`, await recordEdit(`merge into ${into}`, edits, api.undoLast));
}

export function PeopleView() {
  const [list, setList] = useState<PeopleList | null>(null);
  const [open, setOpen] = useState<Card | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    api
      .listPeople()
      .then((l) => {
        setList(l);
        setError(null);
      })
      .catch((e) => setError(errorMessage(e)));
  useEffect(() => {
    void load();
    // A note about the previous edit is stale once anything changed (an undo, say).
    return onLibraryChanged(() => {
      setNote(null);
      void load();
    });
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => dispatch(e, { escape: () => (open ? setOpen(null) : setSelected(new Set())) });
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  const run = async (what: string, f: () => Promise<unknown>) => {
    setBusy(what);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const all = list ? cards(list) : [];
  const names = list ? list.people.map((p) => p.name) : [];
  if (open) {
    // The card may have changed (renamed, merged) since it was opened.
    return <GroupPage card={open} names={names} onClose={() => setOpen(null)} onRenamed={(name) => setOpen({ ...open, key: `p:${name}`, title: name, person: name })} />;
  }

  const chosen = all.filter((c) => selected.has(c.key));
  const toggle = (key: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });

  return (
    <div class="fill">
      <div class="row">
        <h2>
          People{" "}
          {list && (
            <small class="muted" id="people-counts">
              ({plural(list.people.length, "person", "people")}, {list.clusters.length} unnamed groups, {list.unknown} unknown, {list.strangers} strangers)
            </small>
          )}
        </h2>
        <button
          id="run-clustering"
          disabled={!!busy}
          title={`Groups every face with ${describeClustering(currentClustering())} (set in Clustering); names and corrections are kept`}
          onClick={() =>
            void run("Grouping faces…", async () => {
              await api.recluster(currentClustering());
              setSelected(new Set());
              libraryChanged();
            })
          }
        >
          {list?.run_id ? "Re-cluster" : "Cluster faces"}
        </button>
      </div>
      {chosen.length >= 2 && (
        <div class="row merge-bar">
          <span>Merge {chosen.length} into (Enter)</span>
          <NameInput
            names={chosen.filter((c) => c.person).map((c) => c.person as string).concat(names)}
            initial={chosen.find((c) => c.person)?.person ?? ""}
            placeholder="Name of the merged person…"
            onSubmit={(name) =>
              void run("Merging…", async () => {
                setNote(await merge(chosen, name));
                setSelected(new Set());
              })
            }
          />
          <button onClick={() => setSelected(new Set())}>Clear selection</button>
        </div>
      )}
      {busy && <p class="muted">{busy}</p>}
      {note && (
        <p class="muted" id="people-note">
          {note}
        </p>
      )}
      {error && <p class="error">{error}</p>}
      {!list && !error && <p class="muted">Loading…</p>}
      {list && !list.run_id && all.length === 0 && <p class="muted">No groups yet: scan a folder in Library, then press “Cluster faces”.</p>}
      {all.length > 0 && (
        <VirtualGrid
          label="People"
          items={all}
          cell={176}
          render={(card) => (
            <div class={`person-card${card.bucket ? " unknown" : ""}${selected.has(card.key) ? " selected" : ""}`} data-card={card.key}>
              {!card.bucket && (
                <input type="checkbox" class="select-card" aria-label={`Select ${card.title}`} checked={selected.has(card.key)} onChange={() => toggle(card.key)} />
              )}
              <button class="card-open" disabled={card.bucket} onClick={() => setOpen(card)}>
                <div class="person-crops">
                  {card.sample.slice(0, 4).map((id) => (
                    <img key={id} src={cropUrl(id)} alt="" loading="lazy" />
                  ))}
                </div>
                <span class={`person-title${card.person ? " named" : ""}`}>{card.title}</span>
                <span class="muted card-size">
                  {card.size} faces{card.bucket ? ", no group" : ""}
                </span>
              </button>
            </div>
          )}
        />
      )}
    </div>
  );
}

interface PageProps {
  card: Card;
  names: string[];
  onClose: () => void;
  onRenamed: (name: string) => void;
}

/** One person's or cluster's faces, with every edit on a selection of them. */
function GroupPage({ card, names, onClose, onRenamed }: PageProps) {
  const [faces, setFaces] = useState<FaceItem[] | null>(null);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [review, setReview] = useState<ReviewFace[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const group = card.person !== undefined ? ({ kind: "person", name: card.person } as const) : ({ kind: "cluster", label: card.label ?? 0 } as const);

  const load = () =>
    api
      .groupFaces(group)
      .then((f) => {
        setFaces(f);
        setPicked(new Set());
      })
      .catch((e) => setError(errorMessage(e)));
  useEffect(() => {
    void load();
    return onLibraryChanged(() => void load());
  }, [card.key]);

  const edit = async (label: string, f: () => Promise<unknown>) => {
    setError(null);
    try {
      await recordEdit(label, [f], api.undoLast);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const ids = [...picked];
  const suggested = (faces ?? []).filter((f) => picked.has(f.face_id) && f.status === "suggested").map((f) => f.face_id);

  return (
    <div class="fill">
      <div class="row">
        <button id="back-to-people" onClick={onClose} title="Esc">
          ← People
        </button>
        <h2 id="group-title">
          {card.title} <small class="muted">({faces?.length ?? "…"} faces)</small>
        </h2>
        <NameInput
          key={card.key}
          names={names}
          initial={card.person ?? ""}
          placeholder={card.person ? "Rename…" : "Who is this?"}
          onSubmit={(name) =>
            void edit(card.person ? `rename ${card.person}` : `name ${name}`, async () => {
              if (card.person) {
                await api.renamePerson(card.person, name);
                onRenamed(name);
              } else {
                await api.nameClusters([card.label ?? 0], name);
                onRenamed(name);
              }
            })
          }
        />
        {card.person && (
          <button id="open-review" onClick={() => void api.reviewQueue(card.person as string, 50).then(setReview, (e) => setError(errorMessage(e)))}>
            Review unknown faces
          </button>
        )}
      </div>
      {picked.size > 0 && (
        <div class="row selection-bar">
          <span>{picked.size} selected:</span>
          <NameInput names={names} placeholder="Move to…" onSubmit={(name) => void edit(`move ${ids.length} to ${name}`, () => api.moveFaces(ids, name))} />
          {card.person && <button onClick={() => void edit(`not ${card.person}`, () => api.rejectFaces(ids, card.person as string))}>Not {card.person}</button>}
          <button onClick={() => void edit("mark stranger", () => api.markFaces(ids, "stranger"))}>Stranger</button>
          <button onClick={() => void edit("ignore", () => api.markFaces(ids, "ignored"))}>Ignore</button>
          <button onClick={() => void edit("split", () => api.splitFaces(ids, null))}>Split off</button>
          {suggested.length > 0 && (
            <>
              <button onClick={() => void edit("accept suggestions", () => api.acceptSuggestions(suggested))}>Accept suggestion</button>
              <button onClick={() => void edit("reject suggestions", () => api.rejectSuggestions(suggested))}>Reject suggestion</button>
            </>
          )}
          <button onClick={() => setPicked(new Set())}>Clear</button>
        </div>
      )}
      {error && <p class="error">{error}</p>}
      {review && card.person && (
        <ReviewQueue
          person={card.person}
          candidates={review.map((r) => ({ faceId: r.face_id, cropUrl: cropUrl(r.face_id), distance: r.distance ?? 0 }))}
          onAccept={(id) => void edit(`confirm ${card.person}`, () => api.moveFaces([id], card.person as string))}
          onReject={(id) => void edit(`not ${card.person}`, () => api.rejectFaces([id], card.person as string))}
        />
      )}
      {faces && (
        <VirtualGrid
          label={card.title}
          items={faces}
          cell={112}
          render={(f) => (
            <button
              class={`crop status-${f.status}${picked.has(f.face_id) ? " picked" : ""}`}
              aria-pressed={picked.has(f.face_id)}
              title={`Face ${f.face_id} · ${f.status}${f.confidence != null ? ` · ${Math.round(f.confidence * 100)}%` : ""}`}
              onClick={() =>
                setPicked((p) => {
                  const n = new Set(p);
                  if (n.has(f.face_id)) n.delete(f.face_id);
                  else n.add(f.face_id);
                  return n;
                })
              }
            >
              <img src={cropUrl(f.face_id)} alt="" loading="lazy" />
            </button>
          )}
        />
      )}
    </div>
  );
}
