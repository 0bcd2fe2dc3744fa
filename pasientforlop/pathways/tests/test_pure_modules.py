import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
VENV_PYTHON = REPO / ".venv" / "bin" / "python"
PYTHON = VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable)
PURE_MODULES = (
    "pasientforlop.pathways.deadlines",
    "pasientforlop.pathways.indicators",
    "pasientforlop.pathways.finding",
)


def test_it_imports_the_pure_rule_modules_without_loading_django():
    code = (
        "import importlib, sys\n"
        f"for name in {PURE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [str(PYTHON), "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
