"""Release helper for the demo."""

import sys


def main() -> int:
    print("releasing", sys.argv[1:] or ["demo"])
    return 0
