#!/usr/bin/env python3
"""Top frames of the OpenSearch search threads in a JFR recording, as markdown tables.

    python3 bench/jfr_top.py recording.jfr [thread-substring (default "[search]")] [rows (default 25)]

Reads `jfr print --events jdk.ExecutionSample` (Java frames, one sample per 10 ms of a running thread
with settings=profile) and `jdk.NativeMethodSample` (threads inside native code such as ONNX Runtime's
session run, one per 20 ms), keeps the samples of threads whose name contains the substring, and prints:
self time by top frame, inclusive time by method (a method counted once per sample), and the native
samples by their Java caller frame. Shares are of that event's samples on those threads.
"""
import collections
import os
import re
import subprocess
import sys


def samples(path, event):
    jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jfr")
    out = subprocess.run([jfr, "print", "--stack-depth", "96", "--events", event, path],
                         check=True, capture_output=True, text=True).stdout
    for block in out.split(event + " {")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', block)
        stack = re.search(r"stackTrace = \[\n(.*?)\n\s*\]", block, re.S)
        frames = []
        if stack:
            for line in stack.group(1).splitlines():
                line = line.strip()
                if not line or line == "...":
                    continue
                frames.append(re.sub(r"\s+line: \d+.*$", "", line))
        yield (thread.group(1) if thread else ""), frames


def short(frame):
    # org.a.b.Class.method(Args) -> Class.method, with the package's last part for context
    m = re.match(r"(.*)\.([^.]+)\.([^.(]+)\(", frame)
    if not m:
        return frame
    pkg, cls, method = m.groups()
    return f"{pkg.split('.')[-1]}.{cls}.{method}"


def table(title, counts, total, rows):
    print(f"\n{title} ({total} samples)\n")
    print("| share | samples | frame |")
    print("|---:|---:|---|")
    for frame, n in counts.most_common(rows):
        print(f"| {100.0 * n / max(1, total):.1f}% | {n} | `{frame}` |")


# Components of a rescored search, by the first (innermost) matching frame of a sample's stack.
COMPONENTS = [
    ("ONNX Runtime: scorer graph", ["OnnxPrectrModel.score"]),
    ("ONNX Runtime: query/history encoder", ["WindowScorer.prepare", "OnnxPrectrModel.encodeQueries"]),
    ("ONNX Runtime: item encoder (query time)", ["WindowScorer.encodeItems", "OnnxPrectrModel.encodeItems"]),
    ("feature assembly", ["FeatureAssembler.assemble"]),
    ("window read (doc values, cache, _source)", ["WindowReader.read"]),
    ("rest of the rescore (sort, explain cache, stats)", ["PrectrRescorer.rescore"]),
    ("first phase (BM25 query, top-W collection)", ["QueryPhase.executeInternal"]),
    ("fetch phase", ["FetchPhase.execute"]),
]


def component(frames):
    for frame in frames:
        for label, needles in COMPONENTS:
            if any(n in frame for n in needles):
                return label
    return "other (request parsing, context, response)"


def main():
    path = sys.argv[1]
    needle = sys.argv[2] if len(sys.argv) > 2 else "[search]"
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    self_counts, incl_counts = collections.Counter(), collections.Counter()
    total = 0
    for thread, frames in samples(path, "jdk.ExecutionSample"):
        if needle not in thread or not frames:
            continue
        total += 1
        self_counts[short(frames[0])] += 1
        for f in set(short(f) for f in frames):
            incl_counts[f] += 1
    table("Java samples on threads matching [" + needle + "], self (top frame)", self_counts, total, rows)
    table("Java samples on threads matching [" + needle + "], inclusive", incl_counts, total, rows)
    native, native_total = collections.Counter(), 0
    for thread, frames in samples(path, "jdk.NativeMethodSample"):
        if needle not in thread or not frames:
            continue
        native_total += 1
        native[short(frames[0])] += 1
    table("Native samples on threads matching [" + needle + "] (inside native code, e.g. ONNX Runtime), by native method", native,
          native_total, 10)
    # time by component: Java samples every 10 ms and native samples every 20 ms of a thread (settings=profile)
    weights = collections.Counter()
    for event, ms in (("jdk.ExecutionSample", 10), ("jdk.NativeMethodSample", 20)):
        for thread, frames in samples(path, event):
            if needle in thread and frames:
                weights[component(frames)] += ms
    total_ms = sum(weights.values())
    print(f"\nSearch-thread time by component (Java samples x 10 ms + native samples x 20 ms = {total_ms} ms sampled)\n")
    print("| share | sampled ms | component |")
    print("|---:|---:|---|")
    for label, ms in weights.most_common():
        print(f"| {100.0 * ms / max(1, total_ms):.1f}% | {ms} | {label} |")


if __name__ == "__main__":
    main()
