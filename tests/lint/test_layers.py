#!/usr/bin/env python3
"""layers.py must be able to fail: fed made-up trees, it finds a call cycle,
an ext/ file including a GStreamer header and a gst/ file including an
FFmpeg header, and passes a tree with none of them."""

import os
import shutil
import subprocess
import sys
import tempfile

LAYERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "layers.py")


def tree(files):
    d = tempfile.mkdtemp(prefix="tc-layers-")
    for name, text in files.items():
        path = os.path.join(d, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    return d


def run(d):
    p = subprocess.run([sys.executable, LAYERS, os.path.join(d, "ext"),
                        os.path.join(d, "gst")], capture_output=True, text=True)
    return p.returncode, p.stdout


A = "int\nb_func (void);\nint\na_func (void)\n{\n  return b_func ();\n}\n"
B_CYCLE = "int\na_func (void);\nint\nb_func (void)\n{\n  return a_func ();\n}\n"
B_DOWN = "int\nb_func (void)\n{\n  return 1; /* a_func () in a comment */\n}\n"
GST = "#include <gst/gst.h>\n"

failures = []


def expect(name, files, code, words):
    d = tree(files)
    try:
        rc, out = run(d)
    finally:
        shutil.rmtree(d)
    if rc != code or not all(w in out for w in words):
        failures.append("%s: exit %d, output %r (wanted exit %d with %r)" %
                        (name, rc, out, code, words))


expect("cycle", {"ext/a.c": A, "ext/b.c": B_CYCLE, "gst/g.c": GST}, 1,
       ["cycle", "a.c", "b.c"])
expect("one way", {"ext/a.c": A, "ext/b.c": B_DOWN, "gst/g.c": GST}, 0,
       ["layers ok"])
expect("gst header in ext", {"ext/a.c": '#include <gst/gst.h>\n' + A,
                             "ext/b.c": B_DOWN, "gst/g.c": GST}, 1,
       ["a.c includes <gst/gst.h>"])
expect("plugin header in ext", {"ext/a.c": '#include "gstplug.h"\n' + A,
                                "ext/b.c": B_DOWN, "gst/gstplug.h": ""}, 1,
       ["gstplug.h"])
expect("ffmpeg header in gst", {"ext/a.c": A, "ext/b.c": B_DOWN,
                                "gst/g.c": "#include <libavcodec/avcodec.h>\n"},
       1, ["libavcodec/avcodec.h"])

for f in failures:
    print(f)
print("%d of 5 cases wrong" % len(failures))
sys.exit(1 if failures else 0)
