// "P may be two people": a proposed split of one person (or cluster) into two parts
// that are linked only by a few bridges. Shows both parts, the bridge links, how
// clean the cut is, and lets the user split (optionally naming part B) or keep it.
import { useId, useState } from "preact/hooks";
import "./insight.css";
import { fmt3 } from "./CalibrationTable";
import { groupKey } from "./MissedMatchList";
import type { GroupRef, SplitView } from "./types";

interface Props {
  proposal: SplitView;
  cropUrl: (faceId: number) => string;
  groupName: (g: GroupRef) => string;
  /** `name` is the trimmed name for part B, or null to leave it unnamed. */
  onAccept: (p: SplitView, name: string | null) => void;
  onReject: (p: SplitView) => void;
  /** Existing names, offered for part B. */
  names?: string[];
  /** Disables the buttons while the answer is being stored. */
  busy?: boolean;
}

/** Crops shown per part, and bridge links shown, before "+N more". */
export const PART_LIMIT = 12;
export const LINK_LIMIT = 8;

/** The first `limit` items and how many are left out. */
export function shownAndMore<T>(items: T[], limit: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}

/** A ratio in [0, 1] as a whole percentage: 0.873 -> "87%". */
export function percent(v: number): string {
  return Number.isFinite(v) ? `${Math.round(v * 100)}%` : "–";
}

/** The typed name trimmed (inner runs of spaces collapsed), or null when blank. */
export function cleanName(typed: string): string | null {
  const clean = typed.trim().replace(/\s+/g, " ");
  return clean ? clean : null;
}

function Part({ label, ids, cropUrl, part }: { label: string; ids: number[]; cropUrl: (id: number) => string; part: "a" | "b" }) {
  const { shown, more } = shownAndMore(ids, PART_LIMIT);
  return (
    <div class={`split-part part-${part}`} data-part={part}>
      <div class="split-part-label">
        {label} <span class="muted">({ids.length} {ids.length === 1 ? "face" : "faces"})</span>
      </div>
      <div class="crop-row">
        {shown.map((id) => (
          <div key={id} class="crop crop-small" data-face={id}>
            <img src={cropUrl(id)} alt="" loading="lazy" />
          </div>
        ))}
        {more > 0 && <span class="more muted">+{more} more</span>}
      </div>
    </div>
  );
}

export function SplitProposalCard({ proposal: p, cropUrl, groupName, onAccept, onReject, names = [], busy = false }: Props) {
  const [name, setName] = useState("");
  const listId = useId();
  const inputId = useId();
  const group = groupName(p.group);
  const links = shownAndMore(p.cut_links, LINK_LIMIT);
  const accept = () => {
    if (!busy) onAccept(p, cleanName(name));
  };

  return (
    <section class="split card" data-group={groupKey(p.group)} aria-label={`${group} may be two people`}>
      <h4>{group} may be two people</h4>
      <p class="split-facts">
        <span class="split-score" title={`conductance ${fmt3(p.conductance)}`}>
          split score {percent(p.score)}
        </span>
        <span class="muted">
          {" "}
          · mean distance inside A {fmt3(p.mean_distance_a)}, inside B {fmt3(p.mean_distance_b)}, between{" "}
          {fmt3(p.mean_distance_between)}
        </span>
      </p>
      <Part label="Part A" ids={p.part_a} cropUrl={cropUrl} part="a" />
      <Part label="Part B" ids={p.part_b} cropUrl={cropUrl} part="b" />
      {p.unlinked.length > 0 && (
        <p class="muted split-unlinked">
          {p.unlinked.length} {p.unlinked.length === 1 ? "face has" : "faces have"} no close link in {group} and
          {p.unlinked.length === 1 ? " is" : " are"} left out.
        </p>
      )}
      <div class="split-bridges">
        <div class="split-part-label">
          Bridges <span class="muted">({p.cut_links.length} {p.cut_links.length === 1 ? "link" : "links"} between A and B)</span>
        </div>
        <ul class="pair-list">
          {links.shown.map((l) => (
            <li key={`${l.a}-${l.b}`} class="bridge" data-face-a={l.a} data-face-b={l.b}>
              <div class="crop crop-small">
                <img src={cropUrl(l.a)} alt="" loading="lazy" />
              </div>
              <span class="link-distance">{fmt3(l.distance)}</span>
              <div class="crop crop-small">
                <img src={cropUrl(l.b)} alt="" loading="lazy" />
              </div>
            </li>
          ))}
          {links.more > 0 && <li class="more muted">+{links.more} more</li>}
        </ul>
      </div>
      <div class="row split-actions">
        <label for={inputId}>Name of part B</label>
        <input
          id={inputId}
          class="split-name"
          type="text"
          list={listId}
          placeholder="optional"
          value={name}
          onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") accept();
          }}
        />
        <datalist id={listId}>
          {names.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <button class="primary accept" disabled={busy} onClick={accept}>
          Split
        </button>
        <button class="reject" disabled={busy} onClick={() => !busy && onReject(p)}>
          Keep together
        </button>
      </div>
    </section>
  );
}
