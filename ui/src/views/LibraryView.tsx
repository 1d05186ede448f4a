// First run and rescans: where the data lives, which folders to scan (chosen with the
// native dialog), and the scan itself.
import { open } from "@tauri-apps/plugin-dialog";
import { useEffect, useState } from "preact/hooks";
import { api, errorMessage, type AppInfo } from "../lib/api";

export function LibraryView() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [folders, setFolders] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .appInfo()
      .then((i) => {
        setInfo(i);
        if (i.preset_folder) setFolders((f) => (f.length ? f : [i.preset_folder!]));
      })
      .catch((e) => setError(errorMessage(e)));
  }, []);

  const addFolders = async () => {
    const picked = await open({ directory: true, multiple: true, title: "Folders with photos" });
    const list = picked === null ? [] : Array.isArray(picked) ? picked : [picked];
    setFolders((f) => [...new Set([...f, ...list])]);
  };

  return (
    <>
      <h2>Your photos</h2>
      {error && <p class="error">{error}</p>}
      <section class="card">
        <h3>Folders</h3>
        {folders.length === 0 ? (
          <p class="muted">Choose the folders that hold your photos. Kindred reads them; it never moves or changes a file.</p>
        ) : (
          <ul class="folders" aria-label="Folders to scan">
            {folders.map((f) => (
              <li key={f}>
                <span>{f}</span>
                <button onClick={() => setFolders(folders.filter((x) => x !== f))} aria-label={`Remove ${f}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <div class="row">
          <button id="add-folder" onClick={() => void addFolders().catch((e) => setError(errorMessage(e)))}>
            Add folder…
          </button>
        </div>
      </section>
      {info && (
        <section class="card muted" aria-label="Installation">
          <p>Database: {info.database}</p>
          <p>Models: {info.models_dir}</p>
          {info.missing_models.length > 0 && (
            <p class="error">Missing model files: {info.missing_models.join(", ")}. Run scripts/setup.sh.</p>
          )}
          <p>Kindred {info.version}</p>
        </section>
      )}
    </>
  );
}
