"""The library under graph/ (all but graph/web/) never imports Dash."""

import pkgutil
import subprocess
import sys

import graph


def test_library_modules_do_not_import_dash():
    modules = [f"graph.{m.name}" for m in pkgutil.iter_modules(graph.__path__) if m.name not in {"web", "__main__"}]
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + "print('dash' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
