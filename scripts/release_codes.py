"""The library codes a release of dealer_org delivered (dealer_org/data/library/releases.json).

    python scripts/release_codes.py VERSION COMMIT           # print the entry of a new release
    python scripts/release_codes.py --check VERSION COMMIT   # scripts/test: the entry is right

Reads the library document of COMMIT from the repository's history (git show), nothing else.
When a release is made: tag it (git tag VERSION COMMIT), add "VERSION COMMIT" to releases.txt
and the printed entry to releases.json ("records_deliveries": true from 18.0.1.1.0 on).
"""

import argparse
import json
import os
import subprocess
import sys

from lxml import etree

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASES_JSON = os.path.join(REPO_ROOT, "dealer_org", "data", "library", "releases.json")
LIBRARY = "dealer_org/data/library/dealer_org_library.xml"


def library_codes(commit):
    document = subprocess.run(
        ["git", "-C", REPO_ROOT, "show", f"{commit}:{LIBRARY}"], check=True, capture_output=True
    ).stdout
    root = etree.fromstring(document)
    codes = {}
    for section in root:
        if isinstance(section.tag, str) and etree.QName(section).localname in ("sources", "templates"):
            codes[etree.QName(section).localname] = [
                child.get("code") for child in section if isinstance(child.tag, str)
            ]
    return codes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version")
    parser.add_argument("commit")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    codes = library_codes(args.commit)
    if not args.check:
        print(json.dumps({args.version: {"records_deliveries": True, **codes}}, indent=1))
        return 0
    with open(RELEASES_JSON, encoding="utf-8") as handle:
        entry = json.load(handle)["releases"].get(args.version)
    if entry is None:
        print(f"releases.json has no entry for {args.version}", file=sys.stderr)
        return 1
    wrong = [kind for kind in ("sources", "templates") if sorted(entry[kind]) != sorted(codes[kind])]
    if wrong:
        print(
            f"releases.json: the {' and '.join(wrong)} of {args.version} are not those of the library "
            f"at {args.commit} (print them with scripts/release_codes.py {args.version} {args.commit})",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
