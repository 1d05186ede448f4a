// The app of the unpacked .deb under Xvfb, as a user who never ran Kindred: the first
// screen is the Library view, the database goes to the user's data folder, the model
// files are found inside the package with no KINDRED_* variable. Then one model file is
// damaged and the app must say so in a window (a native message window, found by its
// title in the X window tree) and on the Library view. Run by scripts/test-package.sh.
//
// Env: PACKAGE_ROOT (folder the .deb was unpacked into), PACKAGE_HOME (an empty home),
// TAURI_DRIVER (path), SCREENSHOTS (output folder). Screenshots: the webview through
// WebDriver, and the whole screen with its windows (package-*-screen.png).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startDriver } from "./driver.mjs";
import { screenshotScreen } from "./screen.mjs";

const root = process.env.PACKAGE_ROOT;
const home = process.env.PACKAGE_HOME;
if (!root || !home) throw new Error("package e2e: PACKAGE_ROOT and PACKAGE_HOME must be set");
const shots = process.env.SCREENSHOTS ?? "artifacts/screenshots";
const driverBin = process.env.TAURI_DRIVER ?? "tauri-driver";
const app = join(root, "usr/bin/kindred-app");
const models = join(root, "usr/lib/kindred/models");
const database = join(home, ".local/share/kindred/kindred.sqlite3");
// Must match MODEL_PROBLEM_TITLE in src-tauri/src/lib.rs.
const dialogTitle = "Kindred: face models missing or damaged";
mkdirSync(shots, { recursive: true });

// A fresh user: own HOME, no XDG folders, no KINDRED_* variable. WebKitWebDriver's
// screenshot needs the DMA-BUF renderer (see tests/e2e/run.mjs).
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("KINDRED_") && !k.startsWith("XDG_")));
Object.assign(env, { HOME: home, WEBKIT_DISABLE_DMABUF_RENDERER: "0" });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const windowTree = () => {
  try {
    return execFileSync("xwininfo", ["-root", "-tree"], { encoding: "utf8" });
  } catch {
    return "";
  }
};

let session = null;
let failed = false;
try {
  session = await startDriver(driverBin, env);
  const { wd } = session;
  const capabilities = { browserName: "wry", "tauri:options": { application: app } };

  // First run.
  await wd.start(capabilities);
  await wd.waitForElement("#view-library h2", 60000);
  const facts = await wd.waitFor(
    "the installation facts",
    async () => {
      const t = await wd.text(await wd.find("section[aria-label='Installation']"));
      return t.includes("Kindred ") ? t : null;
    },
    30000,
  );
  await sleep(1000); // let the page paint what it holds before the screenshots
  await wd.screenshot(join(shots, "package-01-first-run.png"));
  screenshotScreen(join(shots, "package-01-first-run-screen.png"));
  console.log(`package e2e: first run shows the Library view:\n${facts}`);
  if (!facts.includes(`Models: ${models}`)) throw new Error(`models not found in the package: ${facts}`);
  if (!facts.includes(`Database: ${database}`)) throw new Error(`database not in the user's data folder: ${facts}`);
  if (/missing or damaged/.test(facts)) throw new Error(`model problem on an intact package: ${facts}`);
  if (!existsSync(database)) throw new Error(`no database at ${database}`);
  if (windowTree().includes(dialogTitle)) throw new Error("model problem window shown for an intact package");
  await wd.stop();

  // A damaged model file: a window says so, and the Library view too.
  writeFileSync(join(models, "pnet.onnx"), "not a model");
  await wd.start(capabilities);
  await wd.waitForElement("#view-library h2", 60000);
  await wd.waitFor("the model problem window", () => windowTree().includes(dialogTitle), 60000);
  const damaged = await wd.waitFor(
    "the Library view to name the damaged file",
    async () => {
      const t = await wd.text(await wd.find("section[aria-label='Installation']"));
      return t.includes("pnet.onnx (damaged") ? t : null;
    },
    30000,
  );
  await sleep(1500); // the message window maps before GTK draws it
  await wd.screenshot(join(shots, "package-02-damaged-model.png"));
  screenshotScreen(join(shots, "package-02-damaged-model-screen.png"));
  console.log(`package e2e: damaged model reported in a window ("${dialogTitle}") and on the Library view`);
  console.log(`package e2e: ${damaged.split("\n").find((l) => l.includes("damaged"))}`);
  console.log("package e2e: passed");
} catch (e) {
  failed = true;
  console.error(`package e2e: FAILED: ${e.stack ?? e}`);
  await session?.wd.screenshot(join(shots, "package-failure.png")).catch(() => {});
} finally {
  await session?.stop();
}
process.exit(failed ? 1 : 0);
