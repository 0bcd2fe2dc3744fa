import pkgutil
import subprocess
import sys
from pathlib import Path

import pasientforlop.spc

REPO = Path(__file__).resolve().parents[3]


def test_importing_every_spc_module_loads_no_django():
    modules = [
        m.name
        for m in pkgutil.walk_packages(pasientforlop.spc.__path__, "pasientforlop.spc.")
        if ".tests" not in m.name
    ]
    assert "pasientforlop.spc.engine" in modules and "pasientforlop.spc.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "from pasientforlop.spc.png import to_png\n"
        'to_png(\'<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>\')\n'
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert done.stdout.strip() == "[]"
