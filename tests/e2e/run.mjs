// End-to-end test: the real Kindred window (debug build) driven through WebDriver
// (tauri-driver -> WebKitWebDriver) under Xvfb. Saves a PNG of every screen to
// artifacts/screenshots/. Run through scripts/test-app.sh, which builds the app and
// provides the display.
//
// Env: KINDRED_APP (binary), KINDRED_E2E_FOLDER (photos to scan), KINDRED_MODELS,
// TAURI_DRIVER (path), SCREENSHOTS (output folder).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { WebDriver } from "./webdriver.mjs";
import { scenario } from "./scenario.mjs";

const root = resolve(import.meta.dirname, "../..");
const app = process.env.KINDRED_APP ?? join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "debug/kindred-app");
const shots = process.env.SCREENSHOTS ?? join(root, "artifacts/screenshots");
const driverBin = process.env.TAURI_DRIVER ?? "tauri-driver";
// Two ports the system says are free (tauri-driver's and WebKitWebDriver's).
const freePort = () =>
  new Promise((ok, fail) => {
    const srv = createServer();
    srv.on("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
const port = await freePort();
let nativePort = await freePort();
while (nativePort === port) nativePort = await freePort();
mkdirSync(shots, { recursive: true });

const tmp = mkdtempSync(join(tmpdir(), "kindred-e2e-"));
// WebKitWebDriver's screenshot never answers when WebKitGTK runs its older renderer,
// which the app picks on machines without a GPU (src-tauri/src/main.rs), as under Xvfb
// here: the test asks for the DMA-BUF renderer, unless told otherwise.
const env = { WEBKIT_DISABLE_DMABUF_RENDERER: "0", ...process.env, KINDRED_DB: join(tmp, "library.sqlite3") };

const driver = spawn(driverBin, ["--port", String(port), "--native-port", String(nativePort), "--native-driver", "/usr/bin/WebKitWebDriver"], {
  env,
  stdio: ["ignore", "inherit", "inherit"],
});
driver.on("error", (e) => {
  console.error(`e2e: cannot start ${driverBin}: ${e.message}`);
  process.exit(1);
});
let driverExit = null;
driver.on("exit", (code, signal) => {
  driverExit = `tauri-driver exited (code ${code}, signal ${signal})`;
});

const wd = new WebDriver(`http://127.0.0.1:${port}`);
let failed = false;
try {
  await wd.waitFor(
    "tauri-driver",
    () => {
      if (driverExit) throw new Error(driverExit);
      return fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok);
    },
    60000,
  );
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
  await wd.screenshot(join(shots, "failure.png")).catch(() => {});
} finally {
  await wd.stop();
  driver.kill("SIGTERM");
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
