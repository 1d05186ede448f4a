import { fireEvent, render } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { NameInput, suggest } from "./NameInput";

const names = ["Dan", "Daniela", "Jordan", "Ann"];

describe("suggest", () => {
  it("puts prefix matches before substring matches, case-insensitively", () => {
    expect(suggest(names, "dan")).toEqual(["Dan", "Daniela", "Jordan"]);
    expect(suggest(names, "  ")).toEqual([]);
  });
});

describe("NameInput", () => {
  it("submits the highlighted completion with arrow keys and Enter", () => {
    const onSubmit = vi.fn();
    const { getByLabelText } = render(<NameInput names={names} onSubmit={onSubmit} />);
    const input = getByLabelText("Person's name");
    fireEvent.input(input, { target: { value: "an" } });
    fireEvent.keyDown(input, { key: "ArrowDown" });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onSubmit).toHaveBeenCalledWith("Ann");
  });

  it("submits a new name cleaned of extra spaces", () => {
    const onSubmit = vi.fn();
    const { getByLabelText } = render(<NameInput names={names} onSubmit={onSubmit} />);
    const input = getByLabelText("Person's name");
    fireEvent.input(input, { target: { value: "  Mary   Jo " } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onSubmit).toHaveBeenCalledWith("Mary Jo");
  });
});
