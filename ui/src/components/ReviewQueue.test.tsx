import { fireEvent, render } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { ReviewQueue } from "./ReviewQueue";

const candidates = [1, 2, 3].map((id) => ({ faceId: id, cropUrl: `kindred://localhost/crop/${id}`, distance: 0.3 + id / 10 }));

describe("ReviewQueue", () => {
  it("confirms and rejects with single keys, advancing each time", () => {
    const onAccept = vi.fn();
    const onReject = vi.fn();
    const { getByText, getByLabelText } = render(
      <ReviewQueue person="Dan" candidates={candidates} onAccept={onAccept} onReject={onReject} />,
    );
    fireEvent.keyDown(window, { key: "y" });
    fireEvent.keyDown(window, { key: "n" });
    expect(onAccept).toHaveBeenCalledWith(1);
    expect(onReject).toHaveBeenCalledWith(2);
    expect(getByLabelText("Face 1: yes")).toBeTruthy();
    expect(getByLabelText("Face 2: no")).toBeTruthy();
    expect(getByText(/3 of 3/)).toBeTruthy();
    fireEvent.keyDown(window, { key: "Enter" });
    expect(onAccept).toHaveBeenCalledWith(3);
    expect(getByText("All 3 reviewed.")).toBeTruthy();
  });

  it("moves without deciding with J and K", () => {
    const onAccept = vi.fn();
    const { getByText } = render(<ReviewQueue person="Dan" candidates={candidates} onAccept={onAccept} onReject={() => {}} />);
    fireEvent.keyDown(window, { key: "j" });
    fireEvent.keyDown(window, { key: "j" });
    fireEvent.keyDown(window, { key: "k" });
    expect(getByText(/2 of 3/)).toBeTruthy();
    expect(onAccept).not.toHaveBeenCalled();
  });
});
