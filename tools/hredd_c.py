"""The extension's own C code for the generators: tools/hredd_tool, built from
the source tree being generated (HREDD_OUT when tools/regen.py stages one,
the repository otherwise).  Generators never fold, normalise or hash text
themselves; they call these functions, so the compiled-in tables hold
exactly what the C code computes."""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# where generated files go (and the C code is built from)
OUT = os.environ.get('HREDD_OUT', ROOT)
SOURCES = ['tools/hredd_tool.c', 'src/common/fold.c', 'src/ids/id_common.c', 'src/ids/country_core.c',
           'src/match/normalize.c', 'src/match/score.c']

_tools = {}
_procs = {}


def build(fold_only=False):
    """Compile tools/hredd_tool from OUT's sources; fold_only: FoldKey alone (src/common)."""
    close()
    tmp = tempfile.mkdtemp(prefix='hredd_tool.')
    atexit.register(shutil.rmtree, tmp, True)
    tool = os.path.join(tmp, 'hredd_tool')
    cc = os.environ.get('CC', 'gcc')
    srcs = SOURCES[:2] if fold_only else SOURCES
    res = subprocess.run([cc, '-std=gnu11', '-O1', '-Wall', '-Werror', '-o', tool]
                         + (['-DFOLD_ONLY'] if fold_only else []) + [os.path.join(OUT, s) for s in srcs] + ['-lm'],
                         capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit('building tools/hredd_tool failed:\n' + res.stderr)
    _tools[fold_only] = tool
    return tool


def close():
    for p in _procs.values():
        p.stdin.close()
        p.wait()
    _procs.clear()


atexit.register(close)


def _ask(mode, line):
    fold_only = mode == 'fold'
    tool = _tools.get(fold_only) or build(fold_only)
    p = _procs.get(mode)
    if p is None:
        p = _procs[mode] = subprocess.Popen([tool, mode], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            encoding='utf-8', errors='surrogateescape')
    p.stdin.write(line.replace('\n', ' ').replace('\r', ' ') + '\n')
    p.stdin.flush()
    return p.stdout.readline().rstrip('\n')


def run(mode, lines):
    """One batch through the tool: a list of output lines, one per input line."""
    tool = _tools.get(False) or build()
    inp = ''.join(l.replace('\n', ' ').replace('\r', ' ') + '\n' for l in lines)
    res = subprocess.run([tool, mode], input=inp.encode('utf-8'), capture_output=True, check=True)
    out = res.stdout.decode('utf-8').split('\n')
    return out[:len(lines)]


def fold_key(s):
    """FoldKey() of src/common/fold.c."""
    return _ask('fold', s)
