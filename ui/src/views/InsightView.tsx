// Insight: the published ways of checking a face matcher, on the user's own library.
// Calibration (precision/recall/accuracy/F1 at each cutoff, ROC AUC, the cutoff for a
// target precision), suggestions from the face graph (missed matches through indirect
// links, groups that may be two people), compare two faces, and the verification
// report with its wrong pairs as pictures. Labels are the user's confirmed people or
// a labels CSV picked in the native dialog.
import { useEffect, useState } from "preact/hooks";
import { CalibrationPlot } from "../components/insight/CalibrationPlot";
import { CalibrationTable } from "../components/insight/CalibrationTable";
import { ComparisonResult } from "../components/insight/ComparisonResult";
import { MissedMatchList } from "../components/insight/MissedMatchList";
import { SplitProposalCard } from "../components/insight/SplitProposalCard";
import type * as V from "../components/insight/types";
import { VerificationPairs } from "../components/insight/VerificationPairs";
import { VirtualGrid } from "../components/VirtualGrid";
import { api, errorMessage, type FaceSummary, type Labels } from "../lib/api";
import { cropUrl } from "../lib/images";
import { onLibraryChanged, recordEdit } from "../lib/session";

type Tab = "calibration" | "suggestions" | "compare" | "verification";

const TABS: Array<[Tab, string]> = [
  ["calibration", "Calibration"],
  ["suggestions", "Suggestions"],
  ["compare", "Compare faces"],
  ["verification", "Verification"],
];

/** The cutoff Kindred groups a library at, and dlib's published verification cutoff. */
export const GROUPING_CUTOFF = 0.5;
export const VERIFY_CUTOFF = 0.6;

/**
 * The bindings type every float as `number | null` (serde would send NaN as null);
 * the insight commands never send NaN, so their values are the components' numbers.
 */
const view = <T,>(v: unknown): T => v as T;

/**
 * What "Split" does with the name typed for part B: part B becomes that person; but
 * when the name is the group's own person ("part B is Dan"), part A is the one that
 * leaves, unnamed ("Person N").
 */
export function splitPlan(p: V.SplitView, name: string | null): { faces: number[]; name: string | null } {
  const own = p.group.kind === "person" ? p.group.name.toLowerCase() : null;
  if (name && own && name.toLowerCase() === own) return { faces: p.part_a, name: null };
  return { faces: p.part_b, name };
}

export function groupName(g: V.GroupRef): string {
  return g.kind === "person" ? g.name : `unnamed group ${g.label}`;
}

function LabelChooser({ labels, setLabels, file, setFile }: { labels: Labels; setLabels: (l: Labels) => void; file: string | null; setFile: (f: string | null) => void }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div class="row label-source" role="radiogroup" aria-label="Labelled faces">
      <span>Labelled faces:</span>
      <label>
        <input type="radio" name="labels" value="people" checked={labels === "people"} onChange={() => setLabels("people")} /> my confirmed people
      </label>
      <label>
        <input type="radio" name="labels" value="csv" checked={labels === "csv"} disabled={!file} onChange={() => setLabels("csv")} /> labels file{file ? ` (${file})` : ""}
      </label>
      <button
        onClick={() =>
          void api.chooseLabelsFile().then(
            (name) => {
              if (name) {
                setFile(name);
                setLabels("csv");
              }
            },
            (e) => setError(errorMessage(e)),
          )
        }
        title="A CSV with the columns file,identity"
      >
        Choose labels file…
      </button>
      {error && <span class="error">{error}</span>}
    </div>
  );
}

function CalibrationTab({ labels }: { labels: Labels }) {
  const [target, setTarget] = useState(0.95);
  const [c, setC] = useState<V.CalibrationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    const t = setTimeout(() => {
      api
        .calibration(labels, target)
        .then((r) => setC(view<V.CalibrationView>(r)))
        .catch((e) => {
          setC(null);
          setError(errorMessage(e));
        });
    }, 200);
    return () => clearTimeout(t);
  }, [labels, target]);
  return (
    <section class="card" aria-label="Calibration" id="calibration">
      <div class="row">
        <label>
          Target precision <input id="target-precision" type="number" min={0.5} max={1} step={0.01} value={target} onInput={(e) => setTarget(Number((e.target as HTMLInputElement).value) || 0.95)} />
        </label>
        <span class="muted">Kindred groups faces at {GROUPING_CUTOFF.toFixed(2)}; dlib's published cutoff is {VERIFY_CUTOFF.toFixed(2)}.</span>
      </div>
      {error && <p class="error">{error}</p>}
      {!c && !error && <p class="muted">Counting every pair of labelled faces…</p>}
      {c && (
        <div class="calib-layout">
          <CalibrationTable calibration={c} cutoff={GROUPING_CUTOFF} targetPrecision={target} />
          <CalibrationPlot rows={c.rows} target={c.target?.cutoff ?? null} cutoff={GROUPING_CUTOFF} />
        </div>
      )}
    </section>
  );
}

function SuggestionsTab({ names }: { names: string[] }) {
  const [cutoff, setCutoff] = useState(GROUPING_CUTOFF);
  const [s, setS] = useState<V.SuggestionsLike | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    api
      .graphSuggestions(cutoff, 3, 100)
      .then((r) => {
        setS(view<V.SuggestionsLike>(r));
        setError(null);
      })
      .catch((e) => setError(errorMessage(e)));
  useEffect(() => {
    const t = setTimeout(() => void load(), 200);
    const off = onLibraryChanged(() => void load());
    return () => {
      clearTimeout(t);
      off();
    };
  }, [cutoff]);
  const answer = async (what: string, f: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await recordEdit([f]);
      setNote(what);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const person = (g: V.GroupRef) => (g.kind === "person" ? g.name : null);
  return (
    <section class="card" aria-label="Suggestions" id="suggestions">
      <div class="row">
        <label for="graph-cutoff">Link faces closer than</label>
        <input id="graph-cutoff" type="range" min={0.35} max={0.65} step={0.01} value={cutoff} onInput={(e) => setCutoff(Number((e.target as HTMLInputElement).value))} />
        <output>{cutoff.toFixed(2)}</output>
        {s && (
          <span class="muted" id="graph-counts">
            {s.faces} faces, {s.links} links · {s.missed.length} missed matches · {s.splits.length} groups that may be two people
          </span>
        )}
      </div>
      {note && (
        <p class="muted" id="suggestion-note">
          {note}
        </p>
      )}
      {error && <p class="error">{error}</p>}
      {s && (
        <>
          <h3>Missed matches</h3>
          <p class="muted">Faces linked to a person only through other faces: each link is short, the whole chain is not.</p>
          <MissedMatchList
            items={s.missed}
            cropUrl={cropUrl}
            groupName={groupName}
            busy={busy}
            onAccept={(m) => {
              const name = person(m.group);
              if (name) void answer(`Face ${m.face_id} is ${name}.`, () => api.moveFaces([m.face_id], name));
            }}
            onReject={(m) => {
              const name = person(m.group);
              if (name) void answer(`Face ${m.face_id} is not ${name}; it will not be suggested again.`, () => api.rejectFaces([m.face_id], name));
            }}
          />
          <h3>Groups that may be two people</h3>
          <p class="muted">Two dense sets of faces joined by a few weak links: the links that bridge them are shown.</p>
          {s.splits.length === 0 && <p class="muted split-empty">No group looks like two people at this cutoff.</p>}
          {s.splits.map((p) => (
            <SplitProposalCard
              key={`${groupName(p.group)}:${p.part_b.join(",")}`}
              proposal={p}
              cropUrl={cropUrl}
              groupName={groupName}
              names={names}
              busy={busy}
              onAccept={(q, name) => {
                const plan = splitPlan(q, name);
                void answer(`Split ${plan.faces.length} faces off ${groupName(q.group)}${plan.name ? ` as ${plan.name}` : ""}.`, () => api.splitFaces(plan.faces, plan.name));
              }}
              onReject={(q) => void answer(`Kept ${groupName(q.group)} together; this split will not be proposed again.`, () => api.keepTogether(q.part_a, q.part_b))}
            />
          ))}
        </>
      )}
    </section>
  );
}

/** The next pair after picking `face`: fills A, then B, then starts over at A. */
export function pickNext(pair: [number | null, number | null], face: number): [number | null, number | null] {
  const [a, b] = pair;
  if (a === null) return [face, null];
  if (b === null) return face === a ? [a, null] : [a, face];
  return [face, null];
}

function CompareTab() {
  const [faces, setFaces] = useState<FaceSummary[] | null>(null);
  const [pair, setPair] = useState<[number | null, number | null]>([null, null]);
  const [cutoff, setCutoff] = useState(VERIFY_CUTOFF);
  const [result, setResult] = useState<V.ComparisonView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.listFaces().then(setFaces, (e) => setError(errorMessage(e)));
  }, []);
  useEffect(() => {
    const [a, b] = pair;
    setResult(null);
    if (a === null || b === null) return;
    api.compareFaces(a, b, cutoff).then(
      (r) => setResult(view<V.ComparisonView>(r)),
      (e) => setError(errorMessage(e)),
    );
  }, [pair[0], pair[1], cutoff]);
  const files = () =>
    api.comparePhotoFiles(cutoff).then(
      (r) => {
        if (r) {
          setPair([null, null]);
          setResult(view<V.ComparisonView>(r));
        }
      },
      (e) => setError(errorMessage(e)),
    );
  return (
    <section class="card" aria-label="Compare faces" id="compare">
      <div class="row">
        <span>Pick two faces below, or</span>
        <button id="compare-files" onClick={() => void files()}>
          Compare two photo files…
        </button>
        <label>
          Cutoff <input id="compare-cutoff" type="number" min={0.2} max={1} step={0.01} value={cutoff} onInput={(e) => setCutoff(Number((e.target as HTMLInputElement).value) || VERIFY_CUTOFF)} />
        </label>
      </div>
      {error && <p class="error">{error}</p>}
      {result && <ComparisonResult result={result} cropUrl={cropUrl} />}
      {faces && (
        <div class="compare-picker">
          <VirtualGrid
            label="Faces to compare"
            items={faces}
            cell={84}
            render={(f) => (
              <button
                class={`crop${f.id === pair[0] ? " pick-a" : ""}${f.id === pair[1] ? " pick-b" : ""}`}
                data-face={f.id}
                aria-pressed={f.id === pair[0] || f.id === pair[1]}
                title={f.id === pair[0] ? "A" : f.id === pair[1] ? "B" : `Face ${f.id}`}
                onClick={() => setPair((p) => pickNext(p, f.id))}
              >
                <img src={cropUrl(f.id)} alt="" loading="lazy" />
              </button>
            )}
          />
        </div>
      )}
    </section>
  );
}

function VerificationTab({ labels }: { labels: Labels }) {
  const [cutoff, setCutoff] = useState(VERIFY_CUTOFF);
  const [r, setR] = useState<V.VerificationView | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    const t = setTimeout(() => {
      api.verification(labels, cutoff, 50).then(
        (v) => setR(view<V.VerificationView>(v)),
        (e) => {
          setR(null);
          setError(errorMessage(e));
        },
      );
    }, 200);
    return () => clearTimeout(t);
  }, [labels, cutoff]);
  return (
    <section class="card" aria-label="Verification" id="verification">
      <div class="row">
        <label>
          Cutoff <input id="verify-cutoff" type="number" min={0.2} max={1} step={0.01} value={cutoff} onInput={(e) => setCutoff(Number((e.target as HTMLInputElement).value) || VERIFY_CUTOFF)} />
        </label>
        <button
          id="save-report"
          disabled={!r}
          onClick={() =>
            void api.saveVerificationReport(labels, cutoff, 50).then(
              (p) => p && setSaved(p),
              (e) => setError(errorMessage(e)),
            )
          }
        >
          Save as HTML…
        </button>
        {saved && <span class="muted">Saved to {saved}</span>}
      </div>
      {error && <p class="error">{error}</p>}
      {r && <VerificationPairs report={r} cropUrl={cropUrl} />}
    </section>
  );
}

export function InsightView() {
  const [tab, setTab] = useState<Tab>("calibration");
  const [labels, setLabels] = useState<Labels>("people");
  const [file, setFile] = useState<string | null>(null);
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    const load = () => api.listPeople().then((l) => setNames(l.people.map((p) => p.name)), () => {});
    void load();
    return onLibraryChanged(() => void load());
  }, []);
  return (
    <div class="insight">
      <h2>Insight</h2>
      <div class="row tabs" role="tablist">
        {TABS.map(([id, title]) => (
          <button key={id} role="tab" data-tab={id} aria-selected={tab === id} class={tab === id ? "primary" : ""} onClick={() => setTab(id)}>
            {title}
          </button>
        ))}
      </div>
      {(tab === "calibration" || tab === "verification") && <LabelChooser labels={labels} setLabels={setLabels} file={file} setFile={setFile} />}
      {tab === "calibration" && <CalibrationTab labels={labels} />}
      {tab === "suggestions" && <SuggestionsTab names={names} />}
      {tab === "compare" && <CompareTab />}
      {tab === "verification" && <VerificationTab labels={labels} />}
    </div>
  );
}
