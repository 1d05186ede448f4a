// People: the stored clustering as cards (named people first, then unnamed clusters
// largest first, then the bucket of faces outside every group). Cards are merged by
// ticking them, or by dragging one onto another; a card opens its faces (GroupPage),
// the bucket its unknown faces, strangers and ignored faces (BucketPage). Every edit
// is one core action that Ctrl+Z reverses.
import { useEffect, useRef, useState } from "preact/hooks";
import { NameInput } from "../components/NameInput";
import { VirtualGrid } from "../components/VirtualGrid";
import { api, errorMessage, type EditResult, type PeopleList } from "../lib/api";
import { dropTarget, moveDrag, startDrag, type DragState } from "../lib/dragMerge";
import { cropUrl } from "../lib/images";
import { currentClustering, describeClustering, libraryChanged, onLibraryChanged, recordEdit } from "../lib/session";
import { dispatch } from "../lib/shortcuts";
import { BucketPage } from "./BucketPage";
import { GroupPage } from "./GroupPage";
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
  const bucket: Card[] = outside ? [{ key: "bucket", title: "Unknown", size: outside, sample: list.bucket_sample, bucket: true }] : [];
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
  return describeEdit(`Merged into ${into}`, await recordEdit([() => api.mergeGroups(into, plan.clusters, plan.people)]));
}

/** The card a pointer is over (its key), from the element under it. */
function cardAt(x: number, y: number): string | null {
  const el = document.elementFromPoint?.(x, y);
  const card = el instanceof Element ? el.closest<HTMLElement>("[data-card]") : null;
  return card && card.dataset.card !== "bucket" ? (card.dataset.card ?? null) : null;
}

export function PeopleView() {
  const [list, setList] = useState<PeopleList | null>(null);
  const [open, setOpen] = useState<Card | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [into, setInto] = useState<string | null>(null);
  const [drag, setDrag] = useState<DragState | null>(null);
  // Set when a drag ends, so the click the browser sends after it does not open a card.
  const dragEnded = useRef(false);
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
    const onKey = (e: KeyboardEvent) => dispatch(e, { escape: () => (open ? setOpen(null) : (setSelected(new Set()), setInto(null))) });
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  const all = list ? cards(list) : [];
  // A drag follows the pointer over the whole window; dropping on a card selects the
  // two cards for the merge bar, with the target's name first.
  useEffect(() => {
    if (!drag) return;
    const move = (e: PointerEvent) => setDrag((d) => (d ? moveDrag(d, e.clientX, e.clientY, cardAt(e.clientX, e.clientY)) : d));
    const up = (e: PointerEvent) => {
      setDrag((d) => {
        if (d?.moved) {
          dragEnded.current = true;
          setTimeout(() => (dragEnded.current = false), 0);
        }
        const drop = d ? dropTarget(d, cardAt(e.clientX, e.clientY)) : null;
        if (drop) {
          setSelected(new Set([drop.source, drop.target]));
          const target = all.find((c) => c.key === drop.target);
          const source = all.find((c) => c.key === drop.source);
          setInto(target?.person ?? source?.person ?? "");
        }
        return null;
      });
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    return () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
  }, [drag !== null, list]);

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

  const names = list ? list.people.map((p) => p.name) : [];
  if (open?.bucket && list) {
    return <BucketPage names={names} counts={{ unknown: list.unknown, strangers: list.strangers, ignored: list.ignored }} onClose={() => setOpen(null)} />;
  }
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
  const dragging = drag?.moved ? drag : null;

  return (
    <div class={`fill${dragging ? " dragging" : ""}`}>
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
        {all.length > 1 && <span class="muted hint">Drag a card onto another to merge them.</span>}
      </div>
      {chosen.length >= 2 && (
        <div class="row merge-bar">
          <span>Merge {chosen.map((c) => c.title).join(" + ")} into (Enter)</span>
          <NameInput
            key={`${[...selected].join()}|${into ?? ""}`}
            names={chosen.filter((c) => c.person).map((c) => c.person as string).concat(names)}
            initial={into ?? chosen.find((c) => c.person)?.person ?? ""}
            placeholder="Name of the merged person…"
            onSubmit={(name) =>
              void run("Merging…", async () => {
                setNote(await merge(chosen, name));
                setSelected(new Set());
                setInto(null);
              })
            }
          />
          <button
            onClick={() => {
              setSelected(new Set());
              setInto(null);
            }}
          >
            Clear selection
          </button>
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
            <div
              class={`person-card${card.bucket ? " unknown" : ""}${selected.has(card.key) ? " selected" : ""}${dragging?.source === card.key ? " drag-source" : ""}${dragging?.over === card.key ? " drop-target" : ""}`}
              data-card={card.key}
              onPointerDown={(e) => {
                if (card.bucket || e.button !== 0 || (e.target as HTMLElement).closest("input")) return;
                setDrag(startDrag(card.key, e.clientX, e.clientY));
              }}
            >
              {!card.bucket && (
                <input type="checkbox" class="select-card" aria-label={`Select ${card.title}`} checked={selected.has(card.key)} onChange={() => toggle(card.key)} />
              )}
              <button
                class="card-open"
                onClick={(e) => {
                  // The click that ends a drag is not a click on the card.
                  if (dragEnded.current) e.preventDefault();
                  else setOpen(card);
                }}
              >
                <div class="person-crops">
                  {card.sample.slice(0, 4).map((id) => (
                    <img key={id} src={cropUrl(id)} alt="" loading="lazy" draggable={false} />
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
      {dragging && (
        <div class="drag-ghost" style={{ left: `${dragging.x + 12}px`, top: `${dragging.y + 12}px` }}>
          {all.find((c) => c.key === dragging.source)?.title}
          {dragging.over ? ` → ${all.find((c) => c.key === dragging.over)?.title}` : ""}
        </div>
      )}
    </div>
  );
}
