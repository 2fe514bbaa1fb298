"""``make audit``: pip-audit over every pinned package (constraints.txt is the full freeze),
with an honest summary. pip-audit reports a package it could not look up as "skipped" and
still says "No known vulnerabilities found"; here a skipped package is named as NOT audited.

Exit status: 1 when a known vulnerability is found, 0 otherwise (set AUDIT_STRICT=1 to also
fail when packages could not be audited, e.g. on a machine that cannot reach PyPI's JSON API).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def summarise(report: dict) -> tuple[int, list[str]]:
    """(exit status, lines to print) for pip-audit's JSON report."""
    found, skipped, audited = [], [], 0
    for dependency in report.get("dependencies", []):
        if dependency.get("skip_reason"):
            skipped.append(dependency["name"])
            continue
        audited += 1
        for vuln in dependency.get("vulns", []):
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            found.append(
                f"  {dependency['name']} {dependency.get('version', '')}: {vuln['id']} "
                f"(fixed in: {fixes})"
            )
    lines = [f"pip-audit: {audited} packages audited, {len(found)} known vulnerabilities."]
    if found:
        lines += ["VULNERABLE:", *found]
    if skipped:
        lines.append(
            f"NOT AUDITED: {len(skipped)} packages could not be looked up (the vulnerability "
            "service is unreachable from this machine, or the package is not on PyPI): "
            + ", ".join(sorted(skipped))
        )
        lines.append("Run `make audit` where https://pypi.org/ is reachable for a real answer.")
    status = 1 if found else 0
    if skipped and os.environ.get("AUDIT_STRICT") == "1":
        status = status or 2
    return status, lines


def main() -> int:
    requirements = sys.argv[1] if len(sys.argv) > 1 else "constraints.txt"
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "pip-audit"),
            "--requirement", requirements,
            "--no-deps", "--disable-pip",  # the file pins every package already
            "--format", "json", "--progress-spinner", "off",
        ],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print("pip-audit could not run:", result.stderr.strip()[-2000:], file=sys.stderr)
        print("Is the network to PyPI available? The audit did NOT happen.", file=sys.stderr)
        return 3
    status, lines = summarise(report)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
