// The state every page that edits a list of faces shares: the faces (reloaded when the
// library changes), the picked ones with the anchor of a Shift-click range, and an
// edit runner that records one core action and shows its error.
import { useEffect, useRef, useState } from "preact/hooks";
import { errorMessage, type FaceItem } from "./api";
import { onLibraryChanged, recordEdit } from "./session";

export function useFaceList(load: () => Promise<FaceItem[]>, key: string) {
  const [faces, setFaces] = useState<FaceItem[] | null>(null);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const anchor = useRef<number | null>(null);

  useEffect(() => {
    const reload = () =>
      load()
        .then((f) => {
          setFaces(f);
          setPicked(new Set());
        })
        .catch((e) => setError(errorMessage(e)));
    anchor.current = null;
    void reload();
    return onLibraryChanged(() => void reload());
  }, [key]);

  const edit = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await recordEdit([f]);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return { faces, picked, setPicked, anchor, error, setError, edit };
}
