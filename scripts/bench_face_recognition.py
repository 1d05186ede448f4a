#!/usr/bin/env python3
"""Times the reference pipeline (face_recognition 1.3.0 on dlib-bin: HOG detector,
5-point landmarks, ResNet descriptor) on the photos of a folder, one process per core,
so `kindred bench faces DIR` can be compared with it on the same photos.

Run with the venv that models/build.sh makes:
    models/cache/venv/bin/python scripts/bench_face_recognition.py DIR
"""
import multiprocessing as mp
import os
import sys
import time


def analyse(path):
    import face_recognition

    t0 = time.perf_counter()
    img = face_recognition.load_image_file(path)
    t1 = time.perf_counter()
    boxes = face_recognition.face_locations(img, number_of_times_to_upsample=1, model="hog")
    t2 = time.perf_counter()
    face_recognition.face_encodings(img, boxes, num_jitters=1, model="small")
    t3 = time.perf_counter()
    return len(boxes), t1 - t0, t2 - t1, t3 - t2


def main():
    folder = sys.argv[1]
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count()
    files = sorted(
        os.path.join(folder, f)
        for f in os.listdir(folder)
        if f.lower().endswith((".jpg", ".jpeg", ".png"))
    )
    with mp.Pool(workers) as pool:
        pool.map(abs, range(workers))  # start the workers before the clock
        start = time.perf_counter()
        results = pool.map(analyse, files, chunksize=1)
        wall = time.perf_counter() - start
    faces = sum(r[0] for r in results)
    n = len(files)
    print(f"== face_recognition (dlib HOG + 5-point + ResNet): {folder} ({n} photos, {workers} workers) ==")
    print(f"photos/s            {n / wall:.2f}")
    print(f"faces/s             {faces / wall:.2f}")
    print(f"photos / faces      {n} / {faces}")
    print(f"wall                {wall:.2f} s")
    print(
        "ms per photo        decode {:.1f}  detect {:.1f}  landmarks+embed {:.1f} (per worker)".format(
            *(1000 * sum(r[i] for r in results) / n for i in (1, 2, 3))
        )
    )


if __name__ == "__main__":
    main()
