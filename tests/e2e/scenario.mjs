// What the end-to-end test does in the window, screen by screen.
import { join } from "node:path";

export async function scenario(wd, { shots, folder }) {
  const shot = (name) => wd.screenshot(join(shots, `${name}.png`));
  const textOf = async (css) => wd.text(await wd.waitForElement(css));

  // Library (first run): the folder given by KINDRED_E2E_FOLDER is preset, so the test
  // does not need the native dialog.
  await wd.waitForElement("#view-library h2");
  await wd.waitForElement("section[aria-label='Installation']");
  if (!folder) throw new Error("KINDRED_E2E_FOLDER is not set: no photos to scan");
  await wd.waitFor("preset folder listed", async () => {
    for (const el of await wd.findAll(".folders li span")) if ((await wd.text(el)) === folder) return true;
    return false;
  });
  await shot("01-first-run");

  // Scan: progress while it runs, then the report and the library counts.
  await wd.click(await wd.find("#scan"));
  await wd.waitForElement(".scanprogress", 10000);
  await wd.waitFor("a first progress report", async () => (await textOf(".scanprogress")).includes(" of "), 120000).catch(() => {});
  await shot("02-scan-progress");
  const report = await textOf("#scan-report").catch(async () => {
    await wd.waitForElement("#scan-report", 600000);
    return textOf("#scan-report");
  });
  if (!report.startsWith("Scan finished")) throw new Error(`scan did not finish: ${report}`);
  const counts = await textOf("#library-counts");
  const faces = Number(/(\d+) faces/.exec(counts)?.[1] ?? 0);
  if (faces < 10) throw new Error(`expected the development photos to give faces, got "${counts}"`);
  await shot("03-scanned");
  console.log(`e2e: ${report} | ${counts}`);

  // Faces: the crops come through the kindred: scheme; check they really decoded.
  await wd.click(await wd.find("nav button[data-view='faces']"));
  await wd.waitForElement(".vgrid .crop img");
  const loaded = await wd.waitFor(
    "face crops to load",
    () => wd.script("const imgs = [...document.querySelectorAll('.vgrid .crop img')]; const ok = imgs.filter(i => i.complete && i.naturalWidth > 0).length; return ok >= Math.min(imgs.length, 10) ? ok : 0;"),
    30000,
  );
  const heading = await textOf("#view-faces h2");
  if (!heading.includes(`(${faces})`)) throw new Error(`Faces view shows "${heading}", expected ${faces} faces`);
  await shot("04-faces");
  console.log(`e2e: ${loaded} face crops decoded from kindred://`);

  // Photo viewer: the group photo with the most faces, with its boxes.
  const busiest = await wd.script(
    "const n = {}; for (const b of document.querySelectorAll('.vgrid .crop')) { const p = b.title.split(' ').pop(); n[p] = (n[p] || 0) + 1; }" +
      " return Object.entries(n).sort((a, b) => b[1] - a[1])[0][0];",
  );
  await wd.click(await wd.find(`.vgrid .crop[title$=' photo ${busiest}']`));
  await wd.waitForElement(".viewer .facebox", 30000);
  const photoOk = await wd.waitFor(
    "the photo to load",
    () => wd.script("const i = document.querySelector('.viewer img'); return i && i.complete && i.naturalWidth > 0;"),
    30000,
  );
  if (!photoOk) throw new Error("photo did not load");
  await shot("05-photo-viewer");

  // People: groups from the default clustering, largest first, and the unknown bucket.
  await wd.click(await wd.find("nav button[data-view='people']"));
  await wd.waitForElement(".person-card", 60000);
  const people = await textOf("#view-people h2");
  const groups = Number(/\((\d+) groups/.exec(people)?.[1] ?? 0);
  if (groups < 3) throw new Error(`expected several groups of the development photos, got "${people}"`);
  await wd.waitFor("card crops to load", () => wd.script("return [...document.querySelectorAll('.person-card img')].every(i => i.complete && i.naturalWidth > 0);"), 30000);
  await shot("06-people");
  console.log(`e2e: ${people}`);
  await wd.click(await wd.find(".person-card[data-card='g0']"));
  await wd.waitForElement("#back-to-people");
  await shot("07-person");

  // Clustering panel: DBSCAN counts follow eps; k-means shows the elbow with its knee.
  await wd.click(await wd.find("nav button[data-view='clustering']"));
  await wd.click(await wd.waitForElement("input[name='method'][value='dbscan']"));
  const setRange = (css, v) =>
    wd.script(`const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('input', { bubbles: true }));`, css, String(v));
  await setRange("#eps", 0.35);
  const tight = await wd.waitFor("DBSCAN counts at eps 0.35", async () => /groups/.test(await textOf("#cluster-preview")) && textOf("#cluster-preview"), 60000);
  await setRange("#eps", 0.6);
  const loose = await wd.waitFor("DBSCAN counts at eps 0.60", async () => { const t = await textOf("#cluster-preview"); return /groups/.test(t) && t !== tight && t; }, 60000);
  await shot("08-clustering-dbscan");
  console.log(`e2e: DBSCAN eps 0.35: ${tight}; eps 0.60: ${loose}`);
  await wd.click(await wd.find("input[name='method'][value='kmeans']"));
  await wd.waitForElement(".elbow circle", 120000);
  await wd.waitFor("k-means counts", async () => /groups/.test(await textOf("#cluster-preview")), 60000);
  await shot("09-clustering-elbow");
}
