"""The server settings a class relies on, read by Streamlit's own config loader from .streamlit/config.toml
(every `streamlit run` of the project, the tests' servers included, starts in the project folder)."""

from __future__ import annotations

import json
import subprocess
import sys

from support.paths import ROOT

READ = (
    "import json; from streamlit import config; config.get_config_options(); "
    "print(json.dumps({k: config.get_option(k) for k in "
    "('runner.postScriptGC', 'global.minCachedMessageSize', 'client.showSidebarNavigation')}))"
)


def test_the_servers_config_is_set_for_a_class():
    out = subprocess.run([sys.executable, "-c", READ], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    options = json.loads(out.stdout.strip().splitlines()[-1])
    assert options["runner.postScriptGC"] is False  # no full garbage collection after each poll of each tab
    assert options["global.minCachedMessageSize"] <= 1000  # an unchanged figure goes as a reference
    assert options["client.showSidebarNavigation"] is False  # until the app's own menu turns it on
