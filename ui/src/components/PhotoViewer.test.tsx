import { fireEvent, render } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { boxStyle, PhotoViewer, toPhotoBox } from "./PhotoViewer";

describe("toPhotoBox", () => {
  it("scales a drag on the shown image to photo pixels, any direction", () => {
    const box = toPhotoBox({ x: 150, y: 100 }, { x: 50, y: 20 }, { width: 400, height: 300 }, { width: 4000, height: 3000 });
    expect(box).toEqual({ left: 500, top: 200, right: 1500, bottom: 1000 });
  });

  it("clamps to the photo and ignores clicks", () => {
    expect(toPhotoBox({ x: 10, y: 10 }, { x: 11, y: 10 }, { width: 400, height: 300 }, { width: 400, height: 300 })).toBeNull();
    const box = toPhotoBox({ x: -20, y: -5 }, { x: 500, y: 400 }, { width: 400, height: 300 }, { width: 400, height: 300 });
    expect(box).toEqual({ left: 0, top: 0, right: 400, bottom: 300 });
  });
});

describe("PhotoViewer", () => {
  it("places boxes in percent of the photo and reports the clicked face", () => {
    const onFaceClick = vi.fn();
    const { getByTitle } = render(
      <PhotoViewer
        src="kindred://localhost/photo/1"
        width={1000}
        height={500}
        faces={[
          { id: 7, box: { left: 100, top: 50, right: 300, bottom: 250 }, label: "Ann" },
          { id: 8, box: { left: 600, top: 50, right: 700, bottom: 150 }, label: null },
        ]}
        onFaceClick={onFaceClick}
        onDrawBox={() => {}}
      />,
    );
    const ann = getByTitle("Ann");
    expect(ann.style.left).toBe("10%");
    expect(ann.style.width).toBe("20%");
    expect(ann.style.height).toBe("40%");
    fireEvent.click(getByTitle("Unknown: click to name"));
    expect(onFaceClick).toHaveBeenCalledWith(8);
  });
});

describe("boxStyle", () => {
  it("clips a box that reaches past the photo's edges", () => {
    expect(boxStyle({ left: -20, top: 10, right: 120, bottom: 50 }, 100, 100)).toEqual({ left: "0%", top: "10%", width: "100%", height: "40%" });
  });
  it("keeps a box inside the photo as it is", () => {
    expect(boxStyle({ left: 10, top: 20, right: 30, bottom: 60 }, 200, 100)).toEqual({ left: "5%", top: "20%", width: "10%", height: "40%" });
  });
});
