// State shared by every view for the whole session: the undo history and the last
// message shown to the user.
import { UndoStack } from "./undo";

export const undoStack = new UndoStack();
