"""Tiny demo application."""

from util import greet


def main() -> None:
    print(greet("dlm"))


if __name__ == "__main__":
    main()
