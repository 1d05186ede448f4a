import { describe, expect, it, vi } from "vitest";
import { dispatch, matches } from "./shortcuts";

const key = (k: string, init: KeyboardEventInit = {}) => new KeyboardEvent("keydown", { key: k, cancelable: true, ...init });

describe("shortcuts", () => {
  it("matches modifiers exactly", () => {
    expect(matches(key("z", { ctrlKey: true }), "mod+z")).toBe(true);
    expect(matches(key("z", { metaKey: true }), "mod+z")).toBe(true);
    expect(matches(key("z"), "mod+z")).toBe(false);
    expect(matches(key("z", { ctrlKey: true }), "z")).toBe(false);
    expect(matches(key("Y"), "y")).toBe(true);
  });

  it("ignores letters typed into a text field but not mod shortcuts", () => {
    const input = document.createElement("input");
    document.body.appendChild(input);
    const yes = vi.fn();
    const undo = vi.fn();
    const map = { y: yes, "mod+z": undo };
    const typed = key("y", { bubbles: true });
    input.addEventListener("keydown", (e) => dispatch(e, map));
    input.dispatchEvent(typed);
    expect(yes).not.toHaveBeenCalled();
    input.dispatchEvent(key("z", { ctrlKey: true, bubbles: true }));
    expect(undo).toHaveBeenCalledOnce();
  });

  it("prevents the default action of a handled key", () => {
    const e = key("n");
    expect(dispatch(e, { n: () => {} })).toBe(true);
    expect(e.defaultPrevented).toBe(true);
  });
});
