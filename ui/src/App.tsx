// The window: a side bar of views and the current view. Global shortcuts: Ctrl+Z
// undoes the latest edit (kept by the core, so also one from an earlier session);
// Alt+1..6 switch views.
import { useEffect, useState } from "preact/hooks";
import { api, errorMessage, type HistoryItem } from "./lib/api";
import { ago, latestUndoable } from "./lib/history";
import { libraryChanged, onLibraryChanged } from "./lib/session";
import { dispatch } from "./lib/shortcuts";
import { ClusteringView } from "./views/ClusteringView";
import { FacesView } from "./views/FacesView";
import { InsightView } from "./views/InsightView";
import { LibraryView } from "./views/LibraryView";
import { PeopleView } from "./views/PeopleView";
import { SearchView } from "./views/SearchView";

interface View {
  id: string;
  title: string;
  render: () => preact.JSX.Element;
}

const VIEWS: View[] = [
  { id: "library", title: "Library", render: () => <LibraryView /> },
  { id: "people", title: "People", render: () => <PeopleView /> },
  { id: "faces", title: "Faces", render: () => <FacesView /> },
  { id: "search", title: "Search", render: () => <SearchView /> },
  { id: "clustering", title: "Clustering", render: () => <ClusteringView /> },
  { id: "insight", title: "Insight", render: () => <InsightView /> },
];

export function App() {
  const [view, setView] = useState(VIEWS[0].id);
  const [toast, setToast] = useState<string | null>(null);
  const [latest, setLatest] = useState<HistoryItem | null>(null);

  const refreshHistory = () =>
    api
      .editHistory(20)
      .then((h) => setLatest(latestUndoable(h)))
      .catch(() => setLatest(null));
  useEffect(() => {
    void refreshHistory();
    return onLibraryChanged(() => void refreshHistory());
  }, []);

  const undo = async () => {
    try {
      const label = await api.undoLast();
      setToast(label ? `Undone: ${label}` : "Nothing to undo");
      libraryChanged();
    } catch (e) {
      setToast(`Undo failed: ${errorMessage(e)}`);
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const byNumber = Object.fromEntries(VIEWS.map((v, i) => [`alt+${i + 1}`, () => setView(v.id)]));
      dispatch(e, { "mod+z": () => void undo(), ...byNumber });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(null), 4000);
    return () => clearTimeout(t);
  }, [toast]);

  const current = VIEWS.find((v) => v.id === view) ?? VIEWS[0];
  return (
    <div class="shell">
      <nav aria-label="Views">
        <h1>Kindred</h1>
        {VIEWS.map((v, i) => (
          <button key={v.id} data-view={v.id} aria-current={v.id === view ? "page" : undefined} onClick={() => setView(v.id)} title={`Alt+${i + 1}`}>
            {v.title}
          </button>
        ))}
        <div class="spacer" />
        <button id="undo" onClick={() => void undo()} disabled={!latest} title={latest ? `Ctrl+Z: ${latest.summary} (${ago(latest.at)})` : "Ctrl+Z"}>
          Undo{latest ? `: ${latest.summary}` : ""}
        </button>
      </nav>
      <main id={`view-${current.id}`}>{current.render()}</main>
      {toast && (
        <div class="toast" role="status">
          {toast}
        </div>
      )}
    </div>
  );
}
