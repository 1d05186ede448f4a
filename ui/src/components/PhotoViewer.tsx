// One photo at full size with its face boxes and names. Clicking a face opens its
// correction; dragging on an empty area draws a box around a face the detector
// missed, reported in the photo's own pixel coordinates.
import { useRef, useState } from "preact/hooks";

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface ViewerFace {
  id: number;
  box: Box;
  label: string | null;
  /** Extra class: "suggested", "stranger", "manual" ... */
  kind?: string;
}

interface Props {
  src: string;
  /** Natural size of the photo (the boxes are in these pixels). */
  width: number;
  height: number;
  faces: ViewerFace[];
  onFaceClick: (id: number) => void;
  onDrawBox: (box: Box) => void;
  /** The face being corrected (outlined). */
  selected?: number | null;
  /** A drawn box waiting to be added, in photo pixels. */
  pending?: Box | null;
}

/** Converts a rectangle dragged on the displayed image into photo pixels. */
export function toPhotoBox(
  a: { x: number; y: number },
  b: { x: number; y: number },
  shown: { width: number; height: number },
  natural: { width: number; height: number },
): Box | null {
  const sx = natural.width / shown.width;
  const sy = natural.height / shown.height;
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const box = {
    left: clamp(Math.min(a.x, b.x) * sx, natural.width),
    top: clamp(Math.min(a.y, b.y) * sy, natural.height),
    right: clamp(Math.max(a.x, b.x) * sx, natural.width),
    bottom: clamp(Math.max(a.y, b.y) * sy, natural.height),
  };
  // A click or a sliver is not a face: ask for at least 12 photo pixels each way.
  if (box.right - box.left < 12 || box.bottom - box.top < 12) return null;
  return box;
}

const pct = (v: number, of: number) => `${(100 * v) / of}%`;

/**
 * A face box as CSS percentages of the photo, clipped to it: a face that fills the photo
 * has a detector box reaching past its edges, whose border and name would be hidden.
 */
export function boxStyle(b: Box, width: number, height: number) {
  const left = Math.max(0, b.left);
  const top = Math.max(0, b.top);
  const right = Math.min(width, b.right);
  const bottom = Math.min(height, b.bottom);
  return {
    left: pct(left, width),
    top: pct(top, height),
    width: pct(Math.max(0, right - left), width),
    height: pct(Math.max(0, bottom - top), height),
  };
}

export function PhotoViewer({ src, width, height, faces, onFaceClick, onDrawBox, selected = null, pending = null }: Props) {
  const frame = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ a: { x: number; y: number }; b: { x: number; y: number } } | null>(null);

  const local = (e: PointerEvent) => {
    const r = frame.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  return (
    <div
      ref={frame}
      class="viewer"
      style={{
        aspectRatio: `${width} / ${height}`,
        // Fit the window without distorting: as wide as allowed by the height budget,
        // and small photos at most twice their own size.
        width: `min(100%, ${Math.max(2 * width, 320)}px, calc(72vh * ${width / Math.max(1, height)}))`,
      }}
      onPointerDown={(e) => {
        if ((e.target as HTMLElement).closest(".facebox")) return;
        const p = local(e);
        setDrag({ a: p, b: p });
      }}
      onPointerMove={(e) => drag && setDrag({ ...drag, b: local(e) })}
      onPointerUp={() => {
        if (!drag || !frame.current) return;
        const r = frame.current.getBoundingClientRect();
        const box = toPhotoBox(drag.a, drag.b, { width: r.width, height: r.height }, { width, height });
        setDrag(null);
        if (box) onDrawBox(box);
      }}
    >
      <img src={src} alt="" draggable={false} />
      {faces.map((f) => (
        <button
          key={f.id}
          data-face={f.id}
          class={`facebox${f.label ? "" : " unknown"}${f.kind ? ` ${f.kind}` : ""}${f.id === selected ? " selected" : ""}`}
          style={boxStyle(f.box, width, height)}
          onClick={() => onFaceClick(f.id)}
          title={f.label ?? "Unknown: click to name"}
        >
          <span>{f.label ?? "?"}</span>
        </button>
      ))}
      {pending && <div class="drawbox pending" style={boxStyle(pending, width, height)} />}
      {drag && (
        <div
          class="drawbox"
          style={{
            left: `${Math.min(drag.a.x, drag.b.x)}px`,
            top: `${Math.min(drag.a.y, drag.b.y)}px`,
            width: `${Math.abs(drag.b.x - drag.a.x)}px`,
            height: `${Math.abs(drag.b.y - drag.a.y)}px`,
          }}
        />
      )}
    </div>
  );
}
