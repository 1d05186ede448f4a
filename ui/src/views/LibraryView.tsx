// First run and rescans: which folders to scan (chosen with the native dialog), the
// scan with its progress and cancel, and what the library holds afterwards.
import { open } from "@tauri-apps/plugin-dialog";
import { useEffect, useState } from "preact/hooks";
import { ScanProgress } from "../components/ScanProgress";
import {
  api,
  errorMessage,
  type AppInfo,
  type LibraryCounts,
  type ScanProgress as Progress,
  type ScanReport,
  type SkippedFile,
} from "../lib/api";
import { libraryChanged } from "../lib/session";

/// The sentence shown when a scan ends.
export function reportText(report: ScanReport): string {
  const start = report.cancelled ? "Scan stopped; scanning again continues where it stopped. " : "Scan finished: ";
  let text =
    `${start}${report.files_found} files found, ${report.unchanged} unchanged, ` +
    `${report.photos_analyzed} photos analysed, ${report.faces} faces, ${report.skipped} skipped.`;
  if (report.redescribed > 0) {
    text += ` ${report.redescribed} faces found by an older version described again with the current model.`;
  }
  if (report.redescribe_left > 0) {
    text += ` ${report.redescribe_left} faces of an older version wait for their photos (moved or changed); grouping leaves them out until then.`;
  }
  return text;
}

export function LibraryView() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [folders, setFolders] = useState<string[]>([]);
  const [counts, setCounts] = useState<LibraryCounts | null>(null);
  const [skipped, setSkipped] = useState<SkippedFile[]>([]);
  const [scanning, setScanning] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [report, setReport] = useState<ScanReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = () =>
    Promise.all([api.libraryCounts(), api.skippedFiles()])
      .then(([c, s]) => {
        setCounts(c);
        setSkipped(s);
      })
      .catch((e) => setError(errorMessage(e)));

  useEffect(() => {
    api
      .appInfo()
      .then((i) => {
        setInfo(i);
        if (i.preset_folder) setFolders((f) => (f.length ? f : [i.preset_folder!]));
      })
      .catch((e) => setError(errorMessage(e)));
    void refresh();
  }, []);

  const addFolders = async () => {
    const picked = await open({ directory: true, multiple: true, title: "Folders with photos" });
    const list = picked === null ? [] : Array.isArray(picked) ? picked : [picked];
    setFolders((f) => [...new Set([...f, ...list])]);
  };

  const scan = async () => {
    setError(null);
    setReport(null);
    setProgress(null);
    setScanning(true);
    try {
      setReport(await api.scanFolders(folders, setProgress));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setScanning(false);
      setCancelling(false);
      void refresh();
    }
  };

  const cancel = async () => {
    setCancelling(true);
    await api.cancelJob();
  };

  const modelsMissing = (info?.missing_models.length ?? 0) > 0;
  const everScanned = (counts?.files ?? 0) > 0;
  return (
    <>
      <h2>Your photos</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <section class="card">
        <h3>Folders</h3>
        {folders.length === 0 ? (
          <p class="muted">Choose the folders that hold your photos. Kindred reads them; it never moves or changes a file.</p>
        ) : (
          <ul class="folders" aria-label="Folders to scan">
            {folders.map((f) => (
              <li key={f}>
                <span>{f}</span>
                <button disabled={scanning} onClick={() => setFolders(folders.filter((x) => x !== f))} aria-label={`Remove ${f}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <div class="row">
          <button id="add-folder" disabled={scanning} onClick={() => void addFolders().catch((e) => setError(errorMessage(e)))}>
            Add folder…
          </button>
          <button
            id="scan"
            class="primary"
            disabled={scanning || folders.length === 0 || modelsMissing}
            onClick={() => void scan()}
            title="Only new and changed files are analysed"
          >
            {everScanned ? "Rescan" : "Scan"}
          </button>
        </div>
        {scanning && <ScanProgress progress={progress} onCancel={() => void cancel()} cancelling={cancelling} />}
        {report && (
          <p id="scan-report" class={report.cancelled ? "error" : ""}>
            {reportText(report)}
          </p>
        )}
      </section>

      {counts && (
        <section class="card" aria-label="Library">
          <h3>Library</h3>
          <p id="library-counts">
            {counts.photos} photos · {counts.faces} faces · {counts.files_skipped} files skipped · {counts.files_missing} missing
          </p>
          {skipped.length > 0 && (
            <details>
              <summary>Files that could not be read ({skipped.length})</summary>
              <ul class="skipped">
                {skipped.map((s) => (
                  <li key={s.path}>
                    <code>{s.path}</code>: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
      )}

      {counts && counts.faces > 0 && <XmpCard />}

      {info && (
        <section class="card muted" aria-label="Installation">
          <p>Database: {info.database}</p>
          <p>Models: {info.models_dir}</p>
          {modelsMissing && (
            <p class="error">
              Model files missing or damaged: {info.missing_models.join(", ")}. Reinstall Kindred
              (from a source checkout: bash models/build.sh).
            </p>
          )}
          <p>Kindred {info.version}</p>
        </section>
      )}
    </>
  );
}

/** Face names shared with other photo apps through XMP sidecars: only when asked. */
function XmpCard() {
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = (f: () => Promise<string>) => {
    setError(null);
    f().then(setNote, (e) => setError(errorMessage(e)));
  };
  return (
    <section class="card" aria-label="Other photo apps">
      <h3>Names in other photo apps</h3>
      <p class="muted">
        digiKam, Lightroom and others keep face names as XMP face regions. Kindred can read them, and can write the names you confirmed to a <code>.xmp</code> file beside each photo; the
        photos themselves are never changed.
      </p>
      <div class="row">
        <button
          id="xmp-import"
          onClick={() =>
            run(async () => {
              const r = await api.importXmpRegions();
              libraryChanged();
              return `Read ${r.named_regions} named regions in ${r.files_with_regions} files: ${r.confirmed} faces confirmed, ${r.unmatched} regions on no detected face.`;
            })
          }
        >
          Read names from XMP
        </button>
        <button
          id="xmp-export"
          onClick={() =>
            run(async () => {
              const r = await api.exportXmpSidecars();
              return `Wrote ${r.regions} named regions to ${r.sidecars} sidecar files${r.refused.length ? `; not written: ${r.refused.join("; ")}` : ""}.`;
            })
          }
        >
          Write names to XMP sidecars
        </button>
      </div>
      {note && <p id="xmp-note">{note}</p>}
      {error && <p class="error">{error}</p>}
    </section>
  );
}
