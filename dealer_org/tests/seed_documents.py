"""The seed documents, one text per library source code (s01 … s19), for the fidelity tests.

The seed file holds the 19 documents one after the other, in the order of their codes; each
begins with its title on a line of its own, twice. Layout (bullets, spaces, the watermark) is
removed so that a library line can be looked up in its document.
"""

import os
import re


def _seed_dir():
    """$DEALER_ORG_SEEDS, else the nearest shared/seeds above this checkout (a git worktree
    may sit one level deeper than the main checkout)."""
    if os.environ.get("DEALER_ORG_SEEDS"):
        return os.environ["DEALER_ORG_SEEDS"]
    folder = os.path.dirname(os.path.abspath(__file__))
    while os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
        candidate = os.path.join(folder, "shared", "seeds")
        if os.path.isdir(candidate):
            return candidate
    return os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "seeds")


SEED_DIR = _seed_dir()


def layout_free(text):
    return re.sub(r"[\s●•]|Байду|номын|сангаас", "", text).replace(";;", ";")


def read_seed():
    """The whole seed text, or None when the seed documents are not on this machine."""
    if not os.path.isdir(SEED_DIR):
        return None
    text = ""
    for name in sorted(os.listdir(SEED_DIR)):
        with open(os.path.join(SEED_DIR, name), encoding="utf-8", errors="replace") as handle:
            text += handle.read()
    return text


def split_documents(seed, titles):
    """{source code: layout-free text} cutting ``seed`` at each document's doubled title line.

    titles: [(code, title)] in the order of the seed file.
    """
    lines = seed.splitlines()
    starts, position = [], 0
    for code, title in titles:
        stem = title.split("(")[0].strip()
        for number in range(position, len(lines)):
            if lines[number].strip().startswith(stem):
                starts.append((code, number))
                position = number + 1
                break
        else:
            raise ValueError(f"document {code} ({stem}) not found in the seed")
    documents = {}
    for index, (code, start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(lines)
        documents[code] = layout_free("\n".join(lines[start:end]))
    return documents
