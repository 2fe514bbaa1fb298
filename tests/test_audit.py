"""``make audit``'s summary: a finding fails, an unreachable service is said out loud."""

from scripts.audit import summarise

CLEAN = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
VULNERABLE = {
    "dependencies": [
        {"name": "django", "version": "5.2.0",
         "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}]},
        {"name": "celery", "version": "5.7.0", "vulns": []},
    ]
}  # fmt: skip
UNREACHABLE = {
    "dependencies": [
        {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"},
        {"name": "wagtail", "skip_reason": "Dependency not found on PyPI and could not be audited"},
    ]
}


def test_clean_report_passes():
    status, lines = summarise(CLEAN)
    assert status == 0
    assert lines == ["pip-audit: 1 packages audited, 0 known vulnerabilities."]


def test_a_known_vulnerability_fails_and_names_the_fix():
    status, lines = summarise(VULNERABLE)
    assert status == 1
    assert "  django 5.2.0: PYSEC-2025-1 (fixed in: 5.2.1)" in lines


def test_unreachable_service_is_reported_not_hidden(monkeypatch):
    monkeypatch.delenv("AUDIT_STRICT", raising=False)
    status, lines = summarise(UNREACHABLE)
    assert status == 0
    assert lines[0] == "pip-audit: 0 packages audited, 0 known vulnerabilities."
    assert any(line.startswith("NOT AUDITED: 2 packages") and "wagtail" in line for line in lines)


def test_strict_mode_fails_when_nothing_could_be_audited(monkeypatch):
    monkeypatch.setenv("AUDIT_STRICT", "1")
    assert summarise(UNREACHABLE)[0] == 2
