// "Is this also P?": faces the matcher left out of a person (or cluster) but that are
// reachable from it through a chain of close faces. Each item shows the suggested
// face, the chain of faces and link distances that leads to it, and Yes / No.
import "./insight.css";
import { fmt3 } from "./CalibrationTable";
import type { GroupRef, MissedMatchView } from "./types";

interface Props {
  items: MissedMatchView[];
  cropUrl: (faceId: number) => string;
  groupName: (g: GroupRef) => string;
  onAccept: (m: MissedMatchView) => void;
  onReject: (m: MissedMatchView) => void;
  /** Disables the buttons while an answer is being stored. */
  busy?: boolean;
}

/** A stable key for a group: "person:Dan" or "cluster:3". */
export function groupKey(g: GroupRef): string {
  return g.kind === "person" ? `person:${g.name}` : `cluster:${g.label}`;
}

/** "3 links, weakest 0.512" (a single link reads "1 link"). */
export function chainSummary(m: MissedMatchView): string {
  return `${m.hops} ${m.hops === 1 ? "link" : "links"}, weakest ${fmt3(m.bottleneck)}`;
}

export function MissedMatchList({ items, cropUrl, groupName, onAccept, onReject, busy = false }: Props) {
  if (items.length === 0) return <p class="muted missed-empty">No missed matches at this cutoff.</p>;
  return (
    <ul class="missed-list">
      {items.map((m) => {
        const name = groupName(m.group);
        return (
          <li
            key={`${groupKey(m.group)}/${m.face_id}`}
            class="missed card"
            data-face={m.face_id}
            data-group={groupKey(m.group)}
          >
            <h4 class="missed-question">Is this also {name}?</h4>
            <div class="missed-body">
              <div class="crop crop-large">
                <img src={cropUrl(m.face_id)} alt="" loading="lazy" />
              </div>
              <div class="missed-detail">
                <ol class="chain" aria-label={`Chain of faces from ${name}`}>
                  {m.path.map((step, i) => (
                    <li key={`${i}-${step.face_id}`} class="chain-step" data-face={step.face_id}>
                      {i > 0 && <span class="link-distance">{fmt3(step.link_distance)}</span>}
                      <div class={`crop crop-small${i === m.path.length - 1 ? " suggested" : ""}`}>
                        <img src={cropUrl(step.face_id)} alt="" loading="lazy" />
                      </div>
                    </li>
                  ))}
                </ol>
                <p class="missed-facts">
                  <span class="chain-summary">{chainSummary(m)}</span>
                  {m.shortest_paths > 1 && <span class="muted"> · {m.shortest_paths} shortest paths</span>}
                  <span class="muted"> · mean distance to {name} {fmt3(m.mean_distance)}</span>
                </p>
                {m.current_group && <p class="missed-now muted">now in {groupName(m.current_group)}</p>}
                <div class="row">
                  <button
                    class="primary accept"
                    data-face={m.face_id}
                    disabled={busy}
                    onClick={() => !busy && onAccept(m)}
                  >
                    Yes
                  </button>
                  <button class="reject" data-face={m.face_id} disabled={busy} onClick={() => !busy && onReject(m)}>
                    No
                  </button>
                </div>
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
