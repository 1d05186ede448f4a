// A name field that completes from the names already given, so "Dan" is not typed
// as "Dan " or "dan" for a second person.
import { useState } from "preact/hooks";

interface Props {
  names: string[];
  initial?: string;
  placeholder?: string;
  onSubmit: (name: string) => void;
}

/** Names that start with the typed text first, then names that contain it. */
export function suggest(names: string[], typed: string, limit = 8): string[] {
  const t = typed.trim().toLowerCase();
  if (!t) return [];
  const starts = names.filter((n) => n.toLowerCase().startsWith(t));
  const contains = names.filter((n) => !n.toLowerCase().startsWith(t) && n.toLowerCase().includes(t));
  return [...starts, ...contains].slice(0, limit);
}

export function NameInput({ names, initial = "", placeholder = "Name…", onSubmit }: Props) {
  const [text, setText] = useState(initial);
  const [active, setActive] = useState(-1);
  const options = suggest(names, text).filter((n) => n !== text);

  const submit = (name: string) => {
    const clean = name.trim().replace(/\s+/g, " ");
    if (clean) onSubmit(clean);
  };

  return (
    <div class="nameinput">
      <input
        value={text}
        placeholder={placeholder}
        aria-label="Person's name"
        aria-autocomplete="list"
        onInput={(e) => {
          setText((e.target as HTMLInputElement).value);
          setActive(-1);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive((a) => Math.min(options.length - 1, a + 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((a) => Math.max(-1, a - 1));
          } else if (e.key === "Enter") {
            e.preventDefault();
            submit(active >= 0 ? options[active] : text);
          }
        }}
      />
      {options.length > 0 && (
        <ul role="listbox">
          {options.map((n, i) => (
            <li key={n} role="option" aria-selected={i === active} onMouseDown={() => submit(n)}>
              {n}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
