#!/usr/bin/env python3
"""Prints the assembly (PTX or AMDGPU ISA) embedded in the `gpu.binary` ops
of an MLIR file, unescaping MLIR's string escapes; with --split PREFIX,
writes one PREFIX.N.s per object instead (one assembler input each) and
prints their names.

  gpu_object.py FILE.mlir > kernels.ptx
  gpu_object.py FILE.mlir --split out/kernel
"""
import re
import sys


def unescape(s):
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            nxt = s[i + 1]
            if nxt in "\\\"":
                out += nxt.encode()
                i += 2
            elif nxt == "n":
                out += b"\n"
                i += 2
            elif nxt == "t":
                out += b"\t"
                i += 2
            else:
                out.append(int(s[i + 1:i + 3], 16))
                i += 3
        else:
            out += c.encode()
            i += 1
    return out.decode()


text = open(sys.argv[1]).read()
objects = re.findall(r'assembly = "((?:[^"\\]|\\.)*)"', text)
if not objects:
    sys.exit("no gpu.object in " + sys.argv[1])
if len(sys.argv) > 3 and sys.argv[2] == "--split":
    for i, obj in enumerate(objects):
        name = "%s.%d.s" % (sys.argv[3], i)
        with open(name, "w") as f:
            f.write(unescape(obj))
        print(name)
else:
    for obj in objects:
        sys.stdout.write(unescape(obj))
