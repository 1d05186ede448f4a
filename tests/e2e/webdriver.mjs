// A minimal W3C WebDriver client over fetch: just the calls the end-to-end test
// needs (session, find, click, type, drag, script, screenshot), talking to tauri-driver.
import { writeFile } from "node:fs/promises";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriver {
  constructor(base) {
    this.base = base;
    this.session = null;
  }

  async call(method, path, body) {
    const url = this.session && !path.startsWith("/session") ? `${this.base}/session/${this.session}${path}` : `${this.base}${path}`;
    const res = await fetch(url, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A wedged driver must fail the test, not hang it.
      signal: AbortSignal.timeout(120000),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok || (json.value && json.value.error)) {
      const v = json.value || {};
      throw new Error(`WebDriver ${method} ${path}: ${v.error || res.status} ${v.message || ""}`.trim());
    }
    return json.value;
  }

  async start(capabilities) {
    const v = await this.call("POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    this.session = v.sessionId;
    return v;
  }

  async stop() {
    if (!this.session) return;
    const id = this.session;
    this.session = null;
    await this.call("DELETE", `/session/${id}`).catch(() => {});
  }

  async find(css) {
    const v = await this.call("POST", "/element", { using: "css selector", value: css });
    return v[ELEMENT];
  }

  async findAll(css) {
    const v = await this.call("POST", "/elements", { using: "css selector", value: css });
    return v.map((e) => e[ELEMENT]);
  }

  /**
   * Clicks `el` once it is enabled: buttons the app disables while it is busy (a view
   * loading its list, a scan or grouping running) would drop a click that comes too
   * early, and a busy machine makes that likely (seen with "Cluster faces"). After 20 s
   * it clicks anyway, as before.
   */
  async click(el) {
    await this.waitFor("an enabled element", () => this.call("GET", `/element/${el}/enabled`), 20000, 100).catch(() => {});
    return this.call("POST", `/element/${el}/click`, {});
  }

  type(el, text) {
    return this.call("POST", `/element/${el}/value`, { text });
  }

  text(el) {
    return this.call("GET", `/element/${el}/text`);
  }

  /** An element's box in viewport pixels: { x, y, width, height }. */
  rect(el) {
    return this.call("GET", `/element/${el}/rect`);
  }

  /** Presses the mouse at viewport point `a`, moves to `b` in steps, releases. */
  async dragPoints(a, b, steps = 8) {
    const at = (t) => ({ type: "pointerMove", duration: 30, origin: "viewport", x: Math.round(a.x + (b.x - a.x) * t), y: Math.round(a.y + (b.y - a.y) * t) });
    const moves = Array.from({ length: steps }, (_, i) => at((i + 1) / steps));
    await this.call("POST", "/actions", {
      actions: [
        {
          type: "pointer",
          id: "mouse",
          parameters: { pointerType: "mouse" },
          actions: [{ ...at(0), duration: 0 }, { type: "pointerDown", button: 0 }, ...moves, { type: "pointerUp", button: 0 }],
        },
      ],
    });
    await this.call("DELETE", "/actions").catch(() => {});
  }

  /** A pointer drag from the centre of element `from` to the centre of `to`. */
  async drag(from, to) {
    const centre = async (el) => {
      const r = await this.rect(el);
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    };
    await this.dragPoints(await centre(from), await centre(to));
  }

  script(source, ...args) {
    return this.call("POST", "/execute/sync", { script: source, args });
  }

  scriptAsync(source, ...args) {
    return this.call("POST", "/execute/async", { script: source, args });
  }

  async screenshot(path) {
    const b64 = await this.call("GET", "/screenshot");
    await writeFile(path, Buffer.from(b64, "base64"));
  }

  /** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
  async waitFor(what, check, timeoutMs = 30000, everyMs = 250) {
    const end = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        const v = await check();
        if (v) return v;
      } catch (e) {
        last = e;
      }
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (${last.message})` : ""}`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  /** Waits for an element matching `css` and returns it. */
  waitForElement(css, timeoutMs = 30000) {
    return this.waitFor(css, () => this.findAll(css).then((l) => l[0]), timeoutMs);
  }
}
