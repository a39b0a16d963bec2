#!/usr/bin/env python3
"""Checks the layering of the sources (docs/design.md, "Two layers").

  layers.py EXT_DIR [GST_DIR]

Fails (exit 1, saying why) when:
  - the files of EXT_DIR call each other in a cycle: file A calls a function
    defined in file B, and B (perhaps through others) one defined in A;
  - a file of EXT_DIR includes a GStreamer header (gst/...) or a header of
    GST_DIR;
  - a file of GST_DIR includes an FFmpeg header (libav*/, libsw*/).
Calls are found in the text: an identifier followed by '(' in a function
body, matched against the functions the other files define at top level.
"""

import os
import re
import sys

COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
STRING = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')
# a definition: a name and '(' at the start of a line, its body after
DEFINITION = re.compile(r"^([A-Za-z_]\w*)\s*\([^;{]*?\)\s*\{", re.M | re.S)
CALL = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
FFMPEG = re.compile(r"^(libav\w*|libsw\w*|libpostproc)/")


def strip(text):
    return STRING.sub('""', COMMENT.sub(" ", text))


def sources(directory, exts):
    return sorted(os.path.join(directory, f) for f in os.listdir(directory)
                  if f.endswith(exts))


def call_graph(files):
    """{file: set of files whose functions it calls}"""
    texts = {f: strip(open(f, encoding="utf-8").read()) for f in files}
    owner = {}
    for f, text in texts.items():
        for m in DEFINITION.finditer(text):
            owner.setdefault(m.group(1), f)
    graph = {}
    for f, text in texts.items():
        graph[f] = {owner[name] for name in CALL.findall(text)
                    if name in owner and owner[name] != f}
    return graph


def find_cycle(graph):
    """A list of files forming a cycle, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def bad_includes(files, bad, why):
    problems = []
    for f in files:
        for inc in INCLUDE.findall(open(f, encoding="utf-8").read()):
            if bad(inc):
                problems.append("%s includes <%s>: %s" % (f, inc, why))
    return problems


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    ext = argv[1]
    gst = argv[2] if len(argv) == 3 else None
    problems = []
    cycle = find_cycle(call_graph(sources(ext, (".c",))))
    if cycle:
        problems.append("ext/ calls in a cycle: " + " -> ".join(
            os.path.basename(f) for f in cycle))
    gst_headers = set(os.listdir(gst)) if gst else set()
    problems += bad_includes(
        sources(ext, (".c", ".h")),
        lambda inc: inc.startswith("gst/") or os.path.basename(inc) in gst_headers,
        "ext/ includes no GStreamer header")
    if gst:
        problems += bad_includes(
            sources(gst, (".c", ".h")), lambda inc: FFMPEG.match(inc),
            "gst/ includes no FFmpeg header")
    for p in problems:
        print(p)
    if not problems:
        print("layers ok: %d ext files, no call cycle" %
              len(sources(ext, (".c",))))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
