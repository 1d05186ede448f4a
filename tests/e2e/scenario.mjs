// What the end-to-end test does in the window, screen by screen.
import { join } from "node:path";

export async function scenario(wd, { shots, folder }) {
  const shot = (name) => wd.screenshot(join(shots, `${name}.png`));

  // Library (first run): the folder given by KINDRED_E2E_FOLDER is preset, so the test
  // does not need the native dialog.
  await wd.waitForElement("#view-library h2");
  if (folder) {
    await wd.waitFor("preset folder listed", async () => {
      const items = await wd.findAll(".folders li span");
      for (const el of items) if ((await wd.text(el)) === folder) return true;
      return false;
    });
  }
  await wd.waitForElement("section[aria-label='Installation']");
  await shot("01-library");
}
