// The undo history of the session: every edit pushes the action that reverses it
// (the inverse core command), so Ctrl+Z replays it against the database.

export interface UndoEntry {
  label: string;
  undo: () => Promise<void>;
}

export class UndoStack {
  private entries: UndoEntry[] = [];
  private listeners = new Set<() => void>();

  constructor(private readonly limit = 200) {}

  push(entry: UndoEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.shift();
    this.emit();
  }

  get size(): number {
    return this.entries.length;
  }

  /** Label of the edit Ctrl+Z would reverse. */
  peek(): string | null {
    return this.entries.length ? this.entries[this.entries.length - 1].label : null;
  }

  /** Reverses the latest edit; if reversing fails the entry stays so the user can retry. */
  async undo(): Promise<string | null> {
    const entry = this.entries[this.entries.length - 1];
    if (!entry) return null;
    await entry.undo();
    this.entries.pop();
    this.emit();
    return entry.label;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit() {
    for (const fn of this.listeners) fn();
  }
}
