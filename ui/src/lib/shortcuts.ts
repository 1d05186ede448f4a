// Keyboard shortcuts as data ("mod+z", "y", "shift+?"), matched against key events.
// Single-letter shortcuts never fire while the user types in a text field.

export type ShortcutMap = Record<string, (e: KeyboardEvent) => void>;

interface Parsed {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

function parse(spec: string): Parsed {
  const parts = spec.toLowerCase().split("+");
  const key = parts.pop() ?? "";
  return { key, mod: parts.includes("mod"), shift: parts.includes("shift"), alt: parts.includes("alt") };
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

/** Whether `e` is the shortcut `spec` ("mod" is Ctrl, or Cmd on macOS). */
export function matches(e: KeyboardEvent, spec: string): boolean {
  const p = parse(spec);
  const mod = e.ctrlKey || e.metaKey;
  if (p.mod !== mod || p.alt !== e.altKey) return false;
  // Shift is implied by characters like "?"; only check it when the spec names it.
  if (p.shift && !e.shiftKey) return false;
  return e.key.toLowerCase() === p.key;
}

/** Runs the first matching handler; returns whether one ran. */
export function dispatch(e: KeyboardEvent, map: ShortcutMap): boolean {
  for (const [spec, fn] of Object.entries(map)) {
    if (!matches(e, spec)) continue;
    if (!spec.includes("mod") && isTyping(e.target)) return false;
    e.preventDefault();
    fn(e);
    return true;
  }
  return false;
}
