"""``workshop export-workshop`` and ``import-workshop``: a backup goes out and comes back; every
mistake is one line on stderr and exit code 2."""

from __future__ import annotations

import pytest

from modules import cli
from modules.authoring.document import from_yaml, to_yaml


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", f"sqlite:///{tmp_path / 'w.db'}")
    cli.get_settings.cache_clear()
    yield tmp_path
    cli.get_settings.cache_clear()


def test_a_workshop_goes_out_and_comes_back_as_versions(env, capsys):
    out = env / "relations.yaml"
    assert cli.main(["export-workshop", "relations-90", "--out", str(out)]) == 0
    assert cli.main(["check", str(out)]) == 0
    out.write_text(out.read_text().replace("id: relations-90", "id: my-relations", 1))
    assert cli.main(["import-workshop", str(out)]) == 0
    assert cli.main(["import-workshop", str(out)]) == 0
    assert "saved as version 2" in capsys.readouterr().out
    again = env / "again.yaml"
    assert cli.main(["export-workshop", "my-relations", "--out", str(again)]) == 0
    assert again.read_text() == out.read_text()  # the backup is the file, byte for byte


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["export-workshop", "nope", "--out", "{tmp}/x.yaml"], "unknown workshop 'nope'"),
        (["export-workshop", "starter", "--out", "{tmp}/missing/x.yaml"], "does not exist"),
        (["import-workshop", "{tmp}/none.yaml"], "no such file"),
        (["import-workshop", "{tmp}/script.yaml"], "HTML tags and entities are not allowed"),
        (["import-workshop", "{tmp}/big.yaml"], "at most 524288 bytes"),
    ],
)
def test_a_mistake_is_one_line_and_exit_code_2(env, capsys, args, said):
    exported = env / "starter.yaml"
    assert cli.main(["export-workshop", "starter", "--out", str(exported)]) == 0
    document = from_yaml(exported.read_bytes())
    document["workshop"]["id"] = "x"
    document["workshop"]["title"]["fr"] = "<script>alert(1)</script>"
    (env / "script.yaml").write_text(to_yaml(document))
    (env / "big.yaml").write_text("a" * (10 * 1024 * 1024))
    capsys.readouterr()
    assert cli.main([a.replace("{tmp}", str(env)) for a in args]) == 2
    err = capsys.readouterr().err.strip()
    assert said in err and "\n" not in err and "Traceback" not in err
