// End-to-end test: the real Kindred window (debug build) driven through WebDriver
// (tauri-driver -> WebKitWebDriver) under Xvfb. Saves a PNG of every screen to
// artifacts/screenshots/. Run through scripts/test-app.sh, which builds the app and
// provides the display.
//
// Env: KINDRED_APP (binary), KINDRED_E2E_FOLDER (photos to scan), KINDRED_MODELS,
// TAURI_DRIVER (path), SCREENSHOTS (output folder).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startDriver } from "./driver.mjs";
import { scenario } from "./scenario.mjs";

const root = resolve(import.meta.dirname, "../..");
const app = process.env.KINDRED_APP ?? join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "debug/kindred-app");
const shots = process.env.SCREENSHOTS ?? join(root, "artifacts/screenshots");
const driverBin = process.env.TAURI_DRIVER ?? "tauri-driver";
mkdirSync(shots, { recursive: true });

const tmp = mkdtempSync(join(tmpdir(), "kindred-e2e-"));
// WebKitWebDriver's screenshot never answers when WebKitGTK runs its older renderer,
// which the app picks on machines without a GPU (src-tauri/src/main.rs), as under Xvfb
// here: the test asks for the DMA-BUF renderer, unless told otherwise.
const env = { WEBKIT_DISABLE_DMABUF_RENDERER: "0", ...process.env, KINDRED_DB: join(tmp, "library.sqlite3") };

let session = null;
let failed = false;
try {
  session = await startDriver(driverBin, env);
  const { wd } = session;
  const capabilities = { browserName: "wry", "tauri:options": { application: app } };
  await wd.start(capabilities);
  // Closing the window and starting the app again on the same database: a new session.
  const restart = async () => {
    await wd.stop();
    await wd.start(capabilities);
  };
  await scenario(wd, { shots, folder: process.env.KINDRED_E2E_FOLDER, restart });
  console.log(`e2e: passed; screenshots in ${shots}`);
} catch (e) {
  failed = true;
  console.error(`e2e: FAILED: ${e.stack ?? e}`);
  await session?.wd.screenshot(join(shots, "failure.png")).catch(() => {});
} finally {
  await session?.stop();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
