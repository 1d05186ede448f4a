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
}
