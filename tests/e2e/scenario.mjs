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

  // People: run the stored clustering (default: graph); unnamed groups appear as cards.
  await wd.click(await wd.find("nav button[data-view='people']"));
  await wd.click(await wd.waitForElement("#run-clustering"));
  await wd.waitForElement(".person-card[data-card^='c']", 120000);
  const people = await textOf("#people-counts");
  const groups = Number(/(\d+) unnamed groups/.exec(people)?.[1] ?? 0);
  if (groups < 3) throw new Error(`expected several groups of the development photos, got "${people}"`);
  const cardsLoaded = () =>
    wd.waitFor("card crops to load", () => wd.script("return [...document.querySelectorAll('.person-card img')].every(i => i.complete && i.naturalWidth > 0);"), 30000);
  await cardsLoaded();
  await shot("06-people");
  console.log(`e2e: ${people}`);
  const cardsNow = () =>
    wd.script(
      "return [...document.querySelectorAll('.person-card')].map(c => ({ key: c.dataset.card, title: c.querySelector('.person-title').textContent, size: Number(c.querySelector('.card-size').textContent.split(' ')[0]) }));",
    );
  const sizeOf = async (key) => (await cardsNow()).find((c) => c.key === key)?.size;

  // The photo files of every unnamed group, asked through the app's own commands, so
  // the test names the group with amy1.png's face "Amy" (and merges a second group of
  // Amy's photos when the clustering split her, else the next group).
  const files = await wd.scriptAsync(`
    const done = arguments[arguments.length - 1];
    (async () => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      const out = {};
      for (const card of document.querySelectorAll(".person-card[data-card^='c']")) {
        const faces = await invoke("group_faces", { group: { kind: "cluster", label: Number(card.dataset.card.slice(1)) } });
        out[card.dataset.card] = [];
        for (const f of faces) out[card.dataset.card].push((await invoke("photo_detail", { photoId: f.photo_id })).path.split("/").pop());
      }
      return out;
    })().then(done, (e) => done({ error: String(e) }));`);
  if (files.error) throw new Error(`listing the groups' photos: ${files.error}`);
  const amyKey = Object.keys(files).find((k) => files[k].includes("amy1.png")) ?? Object.keys(files)[0];
  const mostlyAmy = (k) => files[k].filter((f) => f.startsWith("amy")).length * 2 > files[k].length;
  const first = (await cardsNow()).find((c) => c.key === amyKey);
  console.log(`e2e: group with amy1.png: ${amyKey} (${files[amyKey].join(" ")})`);
  await wd.click(await wd.find(`.person-card[data-card='${first.key}'] .card-open`));
  await wd.waitForElement("#back-to-people");
  await wd.waitFor("the group's faces", () => wd.script("return document.querySelectorAll('.vgrid .crop img').length > 0;"), 30000);
  await shot("07-group");
  await wd.type(await wd.find("#view-people .row .nameinput input"), "Amy\uE007");
  await wd.waitFor("the page to show Amy", async () => (await textOf("#group-title")).startsWith("Amy"), 30000);
  await shot("08-named");
  await wd.click(await wd.find("#back-to-people"));
  await wd.waitFor("Amy's card", async () => (await sizeOf("p:Amy")) !== undefined, 30000);
  const amy = await sizeOf("p:Amy");
  if (amy !== first.size) throw new Error(`Amy has ${amy} faces, the named group had ${first.size}`);
  console.log(`e2e: named ${first.key} (${first.size} faces) Amy`);

  // Search: photos with Amy, then one of them in the viewer with Amy's boxes named.
  await wd.click(await wd.find("nav button[data-view='search']"));
  await wd.type(await wd.waitForElement("#search-people"), "Amy");
  await wd.click(await wd.find("#search-run"));
  const found = Number(/\((\d+) photos/.exec(await wd.waitFor("results", () => textOf("#search-count").catch(() => ""), 30000))?.[1] ?? 0);
  if (found < 1) throw new Error("search for Amy found no photo");
  await wd.waitFor("result photos to load", () => wd.script("const imgs = [...document.querySelectorAll('.photo img')]; return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0);"), 30000);
  await shot("09-search");
  // A group photo when Amy is in one (more boxes to check), else her first photo.
  const group = await wd.findAll(".photo-grid .photo[title*='bbt']");
  await wd.click(group[0] ?? (await wd.find(".photo-grid .photo")));
  await wd.waitForElement(".viewer .facebox", 30000);
  const labelled = await wd.waitFor("Amy's name on a face box", () => wd.script("return [...document.querySelectorAll('.viewer')].some(v => v.textContent.includes('Amy'));"), 30000);
  if (!labelled) throw new Error("the viewer does not name Amy");
  await shot("10-search-photo");
  console.log(`e2e: search for Amy: ${found} photos`);
  await wd.click(await wd.find("nav button[data-view='people']"));
  await wd.waitForElement(".person-card[data-card='p:Amy']", 30000);

  // Merge Amy with another unnamed group: select both cards, keep the name Amy. Faces
  // the core leaves alone (two faces of one photo cannot be one person) are reported.
  const rest = (await cardsNow()).filter((c) => c.key.startsWith("c"));
  // A group that shares no photo with Amy's, so no face is left alone (one person
  // appears once per photo); in a real library this is the user's second group of Amy.
  const apart = (k) => !files[k].some((f) => files[amyKey].includes(f));
  const second = rest.find((c) => mostlyAmy(c.key)) ?? rest.find((c) => apart(c.key)) ?? rest[0];
  console.log(`e2e: merging ${second.key} (${files[second.key].join(" ")}) into Amy`);
  await wd.click(await wd.find(".person-card[data-card='p:Amy'] .select-card"));
  await wd.click(await wd.find(`.person-card[data-card='${second.key}'] .select-card`));
  await wd.waitForElement(".merge-bar");
  await shot("11-merge-selection");
  await wd.type(await wd.find(".merge-bar .nameinput input"), "\uE007");
  const note = await wd.waitFor("the merge", async () => { const t = await textOf("#people-note").catch(() => ""); return t.startsWith("Merged") && t; }, 30000);
  const left = Number(/, (\d+) left alone/.exec(note)?.[1] ?? 0);
  await wd.waitFor("the merged group's card to go", async () => left > 0 || (await sizeOf(second.key)) === undefined, 30000);
  const merged = await sizeOf("p:Amy");
  if (merged !== amy + second.size - left) throw new Error(`merged Amy has ${merged} faces, expected ${amy} + ${second.size} - ${left}`);
  await cardsLoaded();
  await shot("12-merged");
  console.log(`e2e: ${note}; Amy now ${merged} faces`);

  // Undo once: the merge is reverted (the second group is back, Amy has her size again).
  await wd.click(await wd.find("#undo"));
  await wd.click(await wd.find("nav button[data-view='people']"));
  await wd.waitFor("the merge to be undone", async () => (await sizeOf(second.key)) === second.size && (await sizeOf("p:Amy")) === amy, 30000);
  await cardsLoaded();
  await shot("13-undone");
  console.log(`e2e: undo restored ${second.key} (${second.size}) and Amy (${amy})`);

  // Clustering panel: DBSCAN counts follow eps; k-means shows the elbow with its knee.
  await wd.click(await wd.find("nav button[data-view='clustering']"));
  await wd.click(await wd.waitForElement("input[name='method'][value='dbscan']"));
  const setRange = (css, v) =>
    wd.script(`const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('input', { bubbles: true }));`, css, String(v));
  await setRange("#eps", 0.35);
  const tight = await wd.waitFor("DBSCAN counts at eps 0.35", async () => /groups/.test(await textOf("#cluster-preview")) && textOf("#cluster-preview"), 60000);
  await setRange("#eps", 0.6);
  const loose = await wd.waitFor("DBSCAN counts at eps 0.60", async () => { const t = await textOf("#cluster-preview"); return /groups/.test(t) && t !== tight && t; }, 60000);
  await shot("14-clustering-dbscan");
  console.log(`e2e: DBSCAN eps 0.35: ${tight}; eps 0.60: ${loose}`);
  await wd.click(await wd.find("input[name='method'][value='kmeans']"));
  await wd.waitForElement(".elbow circle", 120000);
  await wd.waitFor("k-means counts", async () => /groups/.test(await textOf("#cluster-preview")), 60000);
  await shot("15-clustering-elbow");
}
