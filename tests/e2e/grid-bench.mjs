// Scroll bench of the Faces view's virtualised grid in the real Kindred window
// (tauri-driver -> WebKitWebDriver, under Xvfb). It measures, inside the page with
// requestAnimationFrame:
//   - time from clicking "Faces" to the first frame with grid cells, and to every crop
//     in view having loaded;
//   - an idle baseline (no scrolling: the floor of this display's frame timing);
//   - a settle test, run first while the crops are new to WebKit: 12 jumps, each
//     followed by a wait until every crop in view has loaded;
//   - a step scroll (scrollTop += STEP px per frame, top to bottom) and a fling
//     (scrollTop += FLING px per frame, down and up, 3 times), each step landing
//     between two frames as a wheel event would, then a gentle scroll (GENTLE px per
//     frame, 300 frames from the top), nearer to a hand on a touchpad;
// with, for the scrolls: frame intervals (median, p95, p99, max, frames > 33 ms and
// > 50 ms), the largest number of .vgrid-cell elements mounted at once, the share of
// the viewport with mounted cells and of the crops in view that had loaded when each
// frame was painted, and the JS time of each scroll event (the grid's handler and
// re-render).
// It prints a table and writes JSON to artifacts/ (GRID_BENCH_OUT). It asserts no time,
// only the virtualisation bound (mounted cells far below the face count) and that the
// last face is reachable and loads.
//
// Run through scripts/bench-grid.sh, which builds the app and a 20,000-face library.
// Env: KINDRED_APP (release binary), KINDRED_DB (library with the faces), TAURI_DRIVER,
// GRID_BENCH_STEP (px, default 600), GRID_BENCH_FLING (px, default 15000),
// GRID_BENCH_GENTLE (px, default 100),
// GRID_BENCH_OUT (JSON path), GRID_BENCH_LABEL (a name stored in the JSON).
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { WebDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const app = process.env.KINDRED_APP ?? join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "release/kindred-app");
const driverBin = process.env.TAURI_DRIVER ?? "tauri-driver";
const step = Number(process.env.GRID_BENCH_STEP ?? 600);
const fling = Number(process.env.GRID_BENCH_FLING ?? 15000);
const gentle = Number(process.env.GRID_BENCH_GENTLE ?? 100);
const out = process.env.GRID_BENCH_OUT ?? join(root, "artifacts/grid-bench.json");
const label = process.env.GRID_BENCH_LABEL ?? "";
if (!process.env.KINDRED_DB) {
  console.error("grid-bench: KINDRED_DB must name a library database (scripts/bench-grid.sh makes one)");
  process.exit(2);
}
const port = 4444 + (process.pid % 1000);

// ---- page side: these functions are serialised and run inside the window ----------

/** Runs `fn(...args)` (an async function) in the page and returns its result. */
async function inPage(wd, fn, ...args) {
  const r = await wd.scriptAsync(
    `const done = arguments[arguments.length - 1];
     (${fn})(...Array.prototype.slice.call(arguments, 0, -1)).then((v) => done({ ok: v }), (e) => done({ error: String(e && e.stack || e) }));`,
    ...args,
  );
  if (r && r.error) throw new Error(`in page: ${r.error}`);
  return r.ok;
}

/** Installs window.__gb: helpers shared by the page-side phases. */
async function installHelpers() {
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const cells = document.getElementsByClassName("vgrid-cell"); // live collection
  const gb = {
    frame,
    cells,
    grid: () => document.querySelector(".vgrid"),
    /** Crops whose cell intersects the grid's viewport, and how many have loaded. */
    inView(grid) {
      const r = grid.getBoundingClientRect();
      let total = 0;
      let loaded = 0;
      for (const c of grid.querySelectorAll(".vgrid-cell")) {
        const b = c.getBoundingClientRect();
        if (b.bottom <= r.top || b.top >= r.bottom) continue;
        total++;
        const img = c.querySelector("img");
        if (img && img.complete && img.naturalWidth > 0) loaded++;
      }
      return { total, loaded };
    },
    /** Fraction of the grid's viewport covered by the mounted window of cells. */
    coverage(grid) {
      const win = grid.querySelector(".vgrid-window");
      if (!win) return 0;
      const r = grid.getBoundingClientRect();
      const w = win.getBoundingClientRect();
      const visible = Math.max(0, Math.min(r.bottom, w.bottom) - Math.max(r.top, w.top));
      const want = Math.min(r.height, Math.max(0, grid.scrollHeight - grid.scrollTop));
      return want > 0 ? Math.min(1, visible / want) : 1;
    },
    /** JS time of each scroll event on the grid: from a window capture listener
     * (runs first) to a listener added after the grid's own (runs after it and after
     * the re-render that Preact queues as a microtask). */
    watchScroll(grid) {
      const times = [];
      let t0 = 0;
      const before = () => (t0 = performance.now());
      const after = () => times.push(performance.now() - t0);
      window.addEventListener("scroll", before, { capture: true });
      grid.addEventListener("scroll", after);
      return () => {
        window.removeEventListener("scroll", before, { capture: true });
        grid.removeEventListener("scroll", after);
        return times;
      };
    },
    maxScroll: (grid) => grid.scrollHeight - grid.clientHeight,
  };
  window.__gb = gb;
  return { ua: navigator.userAgent, dpr: devicePixelRatio, inner: [innerWidth, innerHeight] };
}

/** Clicks the Faces button and times the first grid frame and the crops in view. */
async function firstPaint() {
  const gb = window.__gb;
  const t0 = performance.now();
  document.querySelector("nav button[data-view='faces']").click();
  let grid = null;
  let tGrid = null;
  let tCrops = null;
  let frames = 0;
  for (;;) {
    const t = await gb.frame();
    frames++;
    grid = gb.grid();
    if (tGrid === null && grid && grid.querySelector(".vgrid-cell")) tGrid = t - t0;
    if (tGrid !== null) {
      const v = gb.inView(grid);
      if (v.total > 0 && v.loaded === v.total) {
        tCrops = t - t0;
        break;
      }
    }
    if (t - t0 > 120000) break;
  }
  const heading = document.querySelector("#view-faces h2")?.textContent ?? "";
  return { grid_ms: tGrid, crops_ms: tCrops, frames, heading, in_view: grid ? gb.inView(grid).total : 0 };
}

/** Leaves the Faces view (so the next firstPaint mounts it afresh). */
async function leaveFaces() {
  document.querySelector("nav button[data-view='library']").click();
  for (let i = 0; i < 10; i++) await window.__gb.frame();
  return !document.querySelector(".vgrid");
}

/** Frames with nothing happening: the floor of this display's frame timing. */
async function idle(n) {
  const gb = window.__gb;
  const intervals = [];
  let last = await gb.frame();
  for (let i = 0; i < n; i++) {
    const t = await gb.frame();
    intervals.push(t - last);
    last = t;
  }
  return { intervals };
}

/** Scrolls by `delta` px per frame, `trips` one-way passes from the top to the bottom
 * and back, alternating. Each step is made in a task posted from a frame's callback, so
 * it lands between two frames as a wheel or touchpad event would: the grid's scroll
 * event and re-render then run in the next frame's rendering update, before its paint.
 * Each frame's callback (after that update's scroll event, before its paint) records
 * what the frame is about to paint: the share of the viewport with mounted cells and
 * the share of the crops in view that have loaded. */
async function scroll(delta, trips, maxSteps = Infinity) {
  const gb = window.__gb;
  const grid = gb.grid();
  const max = gb.maxScroll(grid);
  const intervals = [];
  const coverage = [];
  const loadedFrac = [];
  let maxMounted = gb.cells.length;
  let steps = 0;
  let dir = delta > 0 ? 1 : -1;
  const size = Math.abs(delta);
  grid.scrollTop = dir > 0 ? 0 : max;
  for (let i = 0; i < 3; i++) await gb.frame();
  const stop = gb.watchScroll(grid);
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    grid.scrollTop = Math.max(0, Math.min(max, grid.scrollTop + dir * size));
    steps++;
  };
  let last = await gb.frame();
  for (let trip = 0; trip < trips; trip++) {
    for (;;) {
      const t = await gb.frame();
      intervals.push(t - last);
      last = t;
      maxMounted = Math.max(maxMounted, gb.cells.length);
      if (steps > 0) {
        coverage.push(gb.coverage(grid));
        const v = gb.inView(grid);
        if (v.total > 0) loadedFrac.push(v.loaded / v.total);
      }
      const at = grid.scrollTop;
      if ((dir > 0 && at >= max - 1) || (dir < 0 && at <= 0) || steps >= maxSteps) break;
      channel.port2.postMessage(0);
    }
    dir = -dir;
  }
  for (let i = 0; i < 2; i++) {
    await gb.frame();
    maxMounted = Math.max(maxMounted, gb.cells.length);
  }
  channel.port1.close();
  const handler = stop();
  return { steps, intervals, coverage, loadedFrac, maxMounted, handler, scrollHeight: grid.scrollHeight, clientHeight: grid.clientHeight };
}

/** Jumps to `n` evenly spread positions; after each, waits until every crop in view
 * has loaded (up to 10 s) and times it. */
async function settle(n) {
  const gb = window.__gb;
  const grid = gb.grid();
  const max = gb.maxScroll(grid);
  const times = [];
  const firstFrame = [];
  let maxMounted = 0;
  for (let i = 1; i <= n; i++) {
    const target = Math.round((max * (i - 0.37)) / n);
    // The jump lands between two frames (as in scroll()); t0 is the frame before it.
    const t0 = await gb.frame();
    await new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        grid.scrollTop = target;
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(0);
    });
    let frames = 0;
    for (;;) {
      const t = await gb.frame();
      frames++;
      maxMounted = Math.max(maxMounted, gb.cells.length);
      const v = gb.inView(grid);
      if (frames === 1) firstFrame.push(v.total ? v.loaded / v.total : 0);
      if (v.total > 0 && v.loaded === v.total) {
        times.push(t - t0);
        break;
      }
      if (t - t0 > 10000) {
        times.push(null);
        break;
      }
    }
  }
  return { times, firstFrame, maxMounted };
}

/** Scrolls to the very bottom and checks that the last face's crop is in view and loads. */
async function lastFace() {
  const gb = window.__gb;
  const faces = await window.__TAURI_INTERNALS__.invoke("list_faces");
  const last = faces[faces.length - 1];
  const grid = gb.grid();
  grid.scrollTop = gb.maxScroll(grid);
  const t0 = performance.now();
  for (;;) {
    await gb.frame();
    const el = grid.querySelector(`.crop[data-face='${last.id}']`);
    if (el) {
      const r = grid.getBoundingClientRect();
      const b = el.getBoundingClientRect();
      const img = el.querySelector("img");
      const visible = b.top >= r.top - 1 && b.bottom <= r.bottom + 1;
      if (visible && img && img.complete && img.naturalWidth > 0) return { faces: faces.length, lastId: last.id, ok: true, mounted: gb.cells.length };
    }
    if (performance.now() - t0 > 15000) return { faces: faces.length, lastId: last.id, ok: false, found: !!el, mounted: gb.cells.length };
  }
}

/** Time of the list_faces command alone (the data behind the grid's first paint). */
async function listFacesTime() {
  const t0 = performance.now();
  const faces = await window.__TAURI_INTERNALS__.invoke("list_faces");
  return { ms: performance.now() - t0, faces: faces.length };
}

// ---- figures ---------------------------------------------------------------------------

function quantile(sorted, q) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

function frameStats(intervals) {
  const s = [...intervals].sort((a, b) => a - b);
  return {
    frames: s.length,
    median_ms: quantile(s, 0.5),
    p95_ms: quantile(s, 0.95),
    p99_ms: quantile(s, 0.99),
    max_ms: s.length ? s[s.length - 1] : null,
    over_33ms: s.filter((v) => v > 33.4).length,
    over_50ms: s.filter((v) => v > 50).length,
    fps: s.length ? (1000 * s.length) / s.reduce((a, b) => a + b, 0) : null,
  };
}

const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : null);
const round = (v, d = 1) => (v === null || v === undefined ? "-" : Number(v).toFixed(d));

function summarise(r) {
  const h = [...r.handler].sort((a, b) => a - b);
  return {
    ...frameStats(r.intervals),
    steps: r.steps,
    max_mounted_cells: r.maxMounted,
    painted_coverage_mean: mean(r.coverage),
    painted_coverage_min: r.coverage.length ? Math.min(...r.coverage) : null,
    frames_with_blank_rows: r.coverage.filter((c) => c < 0.999).length,
    loaded_in_view_at_paint_mean: mean(r.loadedFrac),
    scroll_events: h.length,
    scroll_js_median_ms: quantile(h, 0.5),
    scroll_js_p95_ms: quantile(h, 0.95),
    scroll_js_max_ms: h.length ? h[h.length - 1] : null,
  };
}

// ---- run -----------------------------------------------------------------------------

const driver = spawn(driverBin, ["--port", String(port), "--native-port", String(port + 1), "--native-driver", "/usr/bin/WebKitWebDriver"], {
  env: process.env,
  stdio: ["ignore", "inherit", "inherit"],
});
driver.on("error", (e) => {
  console.error(`grid-bench: cannot start ${driverBin}: ${e.message}`);
  process.exit(1);
});

const wd = new WebDriver(`http://127.0.0.1:${port}`);
let failed = false;
try {
  await wd.waitFor("tauri-driver", () => fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok), 20000);
  await wd.start({ browserName: "wry", "tauri:options": { application: app } });
  await wd.call("POST", "/timeouts", { script: 600000 });
  await wd.waitForElement("#view-library h2", 60000);
  const env = await inPage(wd, installHelpers);

  // First paint: cold (first mount after start), then twice more (data in SQLite's
  // and WebKit's caches).
  const paints = [await inPage(wd, firstPaint)];
  for (let i = 0; i < 2; i++) {
    if (!(await inPage(wd, leaveFaces))) throw new Error("the Faces view did not unmount");
    paints.push(await inPage(wd, firstPaint));
  }
  const faceCount = Number(/\((\d+)\)/.exec(paints[0].heading)?.[1] ?? 0);
  const list = await inPage(wd, listFacesTime);
  const columns = await wd.script("return getComputedStyle(document.querySelector('.vgrid-window')).gridTemplateColumns.split(' ').length;");
  await wd.screenshot(join(dirname(out), "grid-bench-top.png")).catch(() => {});

  const idleRun = await inPage(wd, idle, 120);
  const settleRun = await inPage(wd, settle, 12);
  const stepRun = await inPage(wd, scroll, step, 1);
  await wd.screenshot(join(dirname(out), "grid-bench-bottom.png")).catch(() => {});
  const flingRun = await inPage(wd, scroll, fling, 6);
  const gentleRun = await inPage(wd, scroll, gentle, 1, 300);
  const last = await inPage(wd, lastFace);

  const settleTimes = settleRun.times.filter((t) => t !== null).sort((a, b) => a - b);
  const result = {
    label,
    date: new Date().toISOString(),
    faces: faceCount,
    window: { inner: env.inner, dpr: env.dpr, columns, user_agent: env.ua },
    // WebKitGTK's renderer choices change the figures a lot (see scripts/bench-grid.sh).
    webkit_env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("WEBKIT_") || k.startsWith("LIBGL_") || k === "GDK_BACKEND")),
    step_px: step,
    fling_px: fling,
    gentle_px: gentle,
    first_paint: {
      cold: paints[0],
      warm: paints.slice(1),
      list_faces_ms: list.ms,
    },
    idle: frameStats(idleRun.intervals),
    step: summarise(stepRun),
    fling: summarise(flingRun),
    gentle: summarise(gentleRun),
    settle: {
      jumps: settleRun.times.length,
      timed_out: settleRun.times.filter((t) => t === null).length,
      all_loaded_median_ms: quantile(settleTimes, 0.5),
      all_loaded_max_ms: settleTimes.length ? settleTimes[settleTimes.length - 1] : null,
      loaded_first_frame_mean: mean(settleRun.firstFrame),
      max_mounted_cells: settleRun.maxMounted,
    },
    last_face: last,
    raw: { step_intervals: stepRun.intervals, fling_intervals: flingRun.intervals, settle_ms: settleRun.times },
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2));

  const fp = result.first_paint;
  const wenv = Object.entries(result.webkit_env).map(([k, v]) => `${k}=${v}`).join(" ") || "default WebKit renderer";
  console.log(`grid-bench${label ? ` [${label}]` : ""}: ${wenv}; ${faceCount} faces, window ${env.inner.join("x")} @${env.dpr}x, ${columns} columns, step ${step} px, fling ${fling} px, gentle ${gentle} px per frame`);
  console.log(
    `first paint after click: grid ${round(fp.cold.grid_ms, 0)} ms, crops in view ${round(fp.cold.crops_ms, 0)} ms (cold); ` +
      `warm ${fp.warm.map((p) => `${round(p.grid_ms, 0)}/${round(p.crops_ms, 0)}`).join(", ")} ms; list_faces alone ${round(fp.list_faces_ms, 0)} ms`,
  );
  const rows = [
    ["phase", "frames", "median", "p95", "p99", "max", ">33ms", ">50ms", "fps", "max cells", "painted cover", "blank frames", "crops loaded at paint", "scroll JS p50/p95/max"],
  ];
  for (const [name, s] of [["idle", result.idle], ["step", result.step], ["fling", result.fling], ["gentle", result.gentle]]) {
    rows.push([
      name,
      String(s.frames),
      round(s.median_ms),
      round(s.p95_ms),
      round(s.p99_ms),
      round(s.max_ms),
      String(s.over_33ms),
      String(s.over_50ms),
      round(s.fps),
      s.max_mounted_cells === undefined ? "" : String(s.max_mounted_cells),
      s.painted_coverage_mean === undefined ? "" : `${round(100 * s.painted_coverage_mean, 0)}% (min ${round(100 * s.painted_coverage_min, 0)}%)`,
      s.frames_with_blank_rows === undefined ? "" : `${s.frames_with_blank_rows}/${s.steps}`,
      s.loaded_in_view_at_paint_mean === undefined ? "" : `${round(100 * s.loaded_in_view_at_paint_mean, 0)}%`,
      s.scroll_events === undefined ? "" : `${round(s.scroll_js_median_ms, 2)}/${round(s.scroll_js_p95_ms, 2)}/${round(s.scroll_js_max_ms, 2)} (${s.scroll_events} ev)`,
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i])).join("  "));
  const st = result.settle;
  console.log(
    `settle: ${st.jumps} jumps, all crops in view loaded after median ${round(st.all_loaded_median_ms, 0)} ms, max ${round(st.all_loaded_max_ms, 0)} ms` +
      `${st.timed_out ? ` (${st.timed_out} timed out at 10 s)` : ""}; ${round(100 * st.loaded_first_frame_mean, 0)}% loaded on the first frame`,
  );
  console.log(`last face ${last.lastId}: ${last.ok ? "reachable, in view and loaded" : "NOT reachable"}; JSON in ${out}`);

  // The only assertions: virtualisation bound and the last face.
  const bound = Math.max(result.step.max_mounted_cells, result.fling.max_mounted_cells, result.gentle.max_mounted_cells, result.settle.max_mounted_cells);
  if (faceCount < 1000) throw new Error(`the library has ${faceCount} faces; the bench needs a large one`);
  if (bound > Math.max(1000, faceCount / 20)) throw new Error(`${bound} cells mounted at once of ${faceCount}: the grid is not virtualised`);
  if (!last.ok) throw new Error(`the last face (${last.lastId}) did not come into view and load`);
} catch (e) {
  failed = true;
  console.error(`grid-bench: FAILED: ${e.stack ?? e}`);
  await wd.screenshot(join(dirname(out), "grid-bench-failure.png")).catch(() => {});
} finally {
  await wd.stop();
  driver.kill("SIGTERM");
}
process.exit(failed ? 1 : 0);
