// Unmount what each component test rendered, so tests do not see each other's DOM.
import { cleanup } from "@testing-library/preact";
import { afterEach } from "vitest";

afterEach(() => cleanup());
